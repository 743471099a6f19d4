using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static GlobalTables.Api.Tests.Items.Av;

namespace GlobalTables.Api.Tests.Items;

/// <summary>GetItem projections and consistency, consumed capacity, and the item and key size limits.</summary>
public sealed class ReadCapacityAndLimitTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    async Task<(AmazonDynamoDBClient Client, string Table)> TableAsync(string prefix, string? rangeKey = null)
    {
        var client = fixture.Client();
        var table = UniqueName(prefix);
        await ServerFixture.CreateTableAsync(client, table, "pk", ScalarAttributeType.S, rangeKey, rangeKey is null ? null : ScalarAttributeType.S);
        return (client, table);
    }

    [Fact]
    public async Task GetItem_projects_top_level_nested_and_indexed_paths_with_names()
    {
        var (client, table) = await TableAsync("projection");
        var key = Item(("pk", S("p")));
        await client.PutItemAsync(table, Item(
            ("pk", S("p")), ("a", N("1")), ("b", S("not projected")), ("name", S("reserved word")),
            ("m", M(("nest", M(("v", N("7")), ("w", N("8")))), ("other", S("o")))),
            ("l", L(S("l0"), M(("x", N("1")), ("y", N("2"))), S("l2"))),
            ("dotted.name", S("one attribute"))));

        var get = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table, Key = key,
            ProjectionExpression = "a, m.nest.v, l[1].y, l[2], #n, #dot, nowhere, m.nope",
            ExpressionAttributeNames = new() { ["#n"] = "name", ["#dot"] = "dotted.name" },
        });
        Assert.True(get.IsItemSet);
        Assert.Equal("{a: N(1), dotted.name: S(one attribute), l: L[M{y: N(2)}, S(l2)], m: M{nest: M{v: N(7)}}, name: S(reserved word)}", Show(get.Item));

        // Projecting only absent attributes of a present item returns an empty item, not no item.
        var empty = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ProjectionExpression = "zzz" });
        Assert.True(empty.IsItemSet);
        Assert.Empty(empty.Item);

        var absent = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", S("none"))), ProjectionExpression = "a" });
        Assert.False(absent.IsItemSet);
    }

    [Fact]
    public async Task Reads_see_the_latest_write_consistent_or_not()
    {
        var (client, table) = await TableAsync("consistency");
        var key = Item(("pk", S("c")));
        for (int i = 0; i < 5; i++)
        {
            await client.PutItemAsync(table, Item(("pk", S("c")), ("v", N(i.ToString()))));
            var strong = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true });
            Assert.Equal(i.ToString(), strong.Item["v"].N);
        }
        var eventual = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = false });
        Assert.Equal("4", eventual.Item["v"].N);
    }

    [Fact]
    public async Task Consumed_capacity_follows_DynamoDBs_unit_sizes()
    {
        var (client, table) = await TableAsync("capacity");
        // pk "small" = 2 + 5 bytes; "d" = 1 + payload. 1.5 KB in all.
        var put = await client.PutItemAsync(new PutItemRequest
        {
            TableName = table, Item = Item(("pk", S("small")), ("d", S(new string('x', 1536 - 8)))),
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(table, put.ConsumedCapacity.TableName);
        Assert.Equal(2.0, put.ConsumedCapacity.CapacityUnits);
        Assert.Null(put.ConsumedCapacity.Table);

        // pk "big" = 2 + 3 bytes; "d" = 1 + payload. 5 KB in all.
        var bigKey = Item(("pk", S("big")));
        var bigPut = await client.PutItemAsync(new PutItemRequest
        {
            TableName = table, Item = Item(("pk", S("big")), ("d", S(new string('y', 5 * 1024 - 6)))),
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        });
        Assert.Equal(5.0, bigPut.ConsumedCapacity.CapacityUnits);
        Assert.Equal(5.0, bigPut.ConsumedCapacity.Table.CapacityUnits);

        var strong = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = bigKey, ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(2.0, strong.ConsumedCapacity.CapacityUnits);
        var eventual = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = bigKey, ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        Assert.Equal(1.0, eventual.ConsumedCapacity.CapacityUnits);
        Assert.Equal(1.0, eventual.ConsumedCapacity.Table.CapacityUnits);
        Assert.Equal(table, eventual.ConsumedCapacity.TableName);

        var missing = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", S("nope"))), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.False(missing.IsItemSet);
        Assert.Equal(0.5, missing.ConsumedCapacity.CapacityUnits);
        var missingStrong = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", S("nope"))), ConsistentRead = true, ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(1.0, missingStrong.ConsumedCapacity.CapacityUnits);

        // The projection does not lower the read cost: the whole item is read.
        var projected = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = bigKey, ConsistentRead = true, ProjectionExpression = "pk", ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(2.0, projected.ConsumedCapacity.CapacityUnits);

        // A write costs the larger of the old and the new item.
        var shrink = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = bigKey, UpdateExpression = "REMOVE d", ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(5.0, shrink.ConsumedCapacity.CapacityUnits);
        var small = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = bigKey, UpdateExpression = "SET v = :v", ExpressionAttributeValues = new() { [":v"] = N("1") },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(1.0, small.ConsumedCapacity.CapacityUnits);

        var delete = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Item(("pk", S("small"))), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(2.0, delete.ConsumedCapacity.CapacityUnits);
        var deleteAbsent = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Item(("pk", S("small"))), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(1.0, deleteAbsent.ConsumedCapacity.CapacityUnits);

        var none = await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Item(("pk", S("n"))), ReturnConsumedCapacity = ReturnConsumedCapacity.NONE });
        Assert.Null(none.ConsumedCapacity);
        var unasked = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", S("n"))) });
        Assert.Null(unasked.ConsumedCapacity);
    }

    [Fact]
    public async Task A_failed_condition_still_reports_no_change_to_the_item()
    {
        var (client, table) = await TableAsync("cc-capacity");
        var key = Item(("pk", S("k")));
        await client.PutItemAsync(table, Item(("pk", S("k")), ("v", N("1"))));
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = table, Item = Item(("pk", S("k")), ("v", N("2"))), ConditionExpression = "attribute_not_exists(pk)",
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        }));
        Assert.Equal("{pk: S(k), v: N(1)}", await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task An_item_of_exactly_400_KB_is_stored_and_one_byte_more_is_rejected()
    {
        var (client, table) = await TableAsync("item-size");
        const int limit = 400 * 1024;
        // pk "max" = 2 + 3 bytes; "d" = 1 + payload.
        var atLimit = Item(("pk", S("max")), ("d", S(new string('a', limit - 6))));
        await client.PutItemAsync(table, atLimit);
        var stored = await GetAsync(client, table, Item(("pk", S("max"))));
        Assert.Equal(limit - 6, stored!["d"].S.Length);

        var over = Item(("pk", S("max")), ("d", S(new string('b', limit - 5))));
        var ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.PutItemAsync(table, over));
        Assert.Equal("ValidationException", ex.ErrorCode);
        Assert.Equal("Item size has exceeded the maximum allowed size", ex.Message);
        Assert.Equal(new string('a', limit - 6), (await GetAsync(client, table, Item(("pk", S("max")))))!["d"].S);

        // Multi-byte characters count in UTF-8 bytes: 2 bytes each.
        var utf8 = Item(("pk", S("max")), ("d", S(new string('é', (limit - 6) / 2 + 1))));
        ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.PutItemAsync(table, utf8));
        Assert.Equal("Item size has exceeded the maximum allowed size", ex.Message);

        // An update that would grow the item past the limit is rejected and changes nothing.
        ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Item(("pk", S("max"))), UpdateExpression = "SET e = :v", ExpressionAttributeValues = new() { [":v"] = Bool(true) },
        }));
        Assert.Equal("ValidationException", ex.ErrorCode);
        Assert.Equal("Item size to update has exceeded the maximum allowed size", ex.Message);
        var after = await GetAsync(client, table, Item(("pk", S("max"))));
        Assert.Equal(["d", "pk"], after!.Keys.Order());
        Assert.Equal(new string('a', limit - 6), after["d"].S);
    }

    [Fact]
    public async Task Partition_keys_may_be_2048_bytes_and_sort_keys_1024_bytes()
    {
        var (client, table) = await TableAsync("key-size", "sk");
        await client.PutItemAsync(table, Item(("pk", S(new string('p', 2048))), ("sk", S(new string('s', 1024)))));
        await client.PutItemAsync(table, Item(("pk", S(new string('é', 1024))), ("sk", S(new string('é', 512)))));
        Assert.NotNull(await GetAsync(client, table, Item(("pk", S(new string('p', 2048))), ("sk", S(new string('s', 1024))))));

        const string hashMessage = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes";
        const string rangeMessage = "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes";
        var longHash = Item(("pk", S(new string('p', 2049))), ("sk", S("s")));
        var longHashUtf8 = Item(("pk", S(new string('é', 1025))), ("sk", S("s")));
        var longRange = Item(("pk", S("p")), ("sk", S(new string('s', 1025))));

        foreach (var (key, message) in new[] { (longHash, hashMessage), (longHashUtf8, hashMessage), (longRange, rangeMessage) })
        {
            var put = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.PutItemAsync(table, key));
            Assert.Equal("ValidationException", put.ErrorCode);
            Assert.Equal(message, put.Message);
            var update = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table, Key = key, UpdateExpression = "SET v = :v", ExpressionAttributeValues = new() { [":v"] = N("1") },
            }));
            Assert.Equal(message, update.Message);
            var get = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.GetItemAsync(table, key));
            Assert.Equal(message, get.Message);
            var delete = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.DeleteItemAsync(table, key));
            Assert.Equal(message, delete.Message);
        }
        Assert.Equal(2, (await client.DescribeTableAsync(table)).Table.ItemCount);
    }
}
