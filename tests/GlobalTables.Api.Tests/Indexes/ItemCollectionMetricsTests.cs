using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Indexes;

/// <summary>A host whose item collections may hold 1 KB (globaltables.indexes.item-collection-limit).</summary>
public sealed class SmallCollectionsFixture : IAsyncLifetime
{
    public ServerFixture Server { get; } = new() { ConfigOverrides = "globaltables.indexes.item-collection-limit = 1KiB" };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>
/// ReturnItemCollectionMetrics SIZE and the item-collection limit of tables with a local index, through the real SDK.
/// The tables (customer, order) have the LSI ByTotal (customer, total), KEYS_ONLY; an order with a note of n characters
/// adds about 450 + n bytes to its customer's collection.
/// </summary>
public sealed class ItemCollectionMetricsTests(SmallCollectionsFixture fixture) : IClassFixture<SmallCollectionsFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    static Dictionary<string, AttributeValue> Key(string customer, long order) => new() { ["customer"] = S(customer), ["order"] = N(order) };

    static Dictionary<string, AttributeValue> Order(string customer, long order, int noteLength = 400) =>
        new(Key(customer, order)) { ["total"] = N(5), ["note"] = S(new string('n', noteLength)) };

    async Task<AmazonDynamoDBClient> TableAsync(string name, bool localIndex = true)
    {
        var client = fixture.Server.Client();
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("customer", ScalarAttributeType.S), new("order", ScalarAttributeType.N), new("total", ScalarAttributeType.N)],
            KeySchema = [new("customer", KeyType.HASH), new("order", KeyType.RANGE)],
        };
        if (localIndex)
            request.LocalSecondaryIndexes = [new() { IndexName = "ByTotal", KeySchema = [new("customer", KeyType.HASH), new("total", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } }];
        else
            request.GlobalSecondaryIndexes = [new() { IndexName = "ByTotal", KeySchema = [new("total", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } }];
        await client.CreateTableAsync(request);
        await ServerFixture.WaitForStatusAsync(client, name, TableStatus.ACTIVE);
        return client;
    }

    static void AssertMetrics(string customer, ItemCollectionMetrics metrics)
    {
        Assert.Equal(["customer"], metrics.ItemCollectionKey.Keys);
        Assert.Equal(customer, metrics.ItemCollectionKey["customer"].S);
        Assert.Equal([0.0, 1.0], metrics.SizeEstimateRangeGB);
    }

    [Fact]
    public async Task Puts_updates_and_deletes_name_the_collection_they_wrote_and_its_size_range()
    {
        const string table = "CollSingle";
        var client = await TableAsync(table);

        var put = await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Order("c1", 1), ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE });
        AssertMetrics("c1", put.ItemCollectionMetrics);

        var updated = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Key("c1", 1), UpdateExpression = "SET #t = :t", ExpressionAttributeNames = new() { ["#t"] = "total" }, ExpressionAttributeValues = new() { [":t"] = N(6) },
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        });
        AssertMetrics("c1", updated.ItemCollectionMetrics);

        var deleted = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Key("c1", 1), ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE });
        AssertMetrics("c1", deleted.ItemCollectionMetrics);

        var unasked = await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Order("c1", 2), ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.NONE });
        Assert.Null(unasked.ItemCollectionMetrics);
    }

    [Fact]
    public async Task A_table_without_a_local_index_has_no_item_collections_and_no_limit()
    {
        const string table = "CollNoLsi";
        var client = await TableAsync(table, localIndex: false);
        for (int order = 1; order <= 3; order++)
        {
            var put = await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Order("c1", order), ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE });
            Assert.Null(put.ItemCollectionMetrics);
        }
        var written = await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table] = [new(new PutRequest(Order("c1", 4)))] },
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        });
        Assert.True(written.ItemCollectionMetrics is null or { Count: 0 });
    }

    [Fact]
    public async Task A_write_that_would_grow_a_collection_past_the_limit_fails_and_writes_nothing()
    {
        const string table = "CollLimit";
        var client = await TableAsync(table);
        await client.PutItemAsync(table, Order("c1", 1));
        await client.PutItemAsync(table, Order("c1", 2));

        var refused = await Assert.ThrowsAsync<ItemCollectionSizeLimitExceededException>(() => client.PutItemAsync(table, Order("c1", 3)));
        Assert.Equal("Collection size exceeded.", refused.Message);
        Assert.Equal("ItemCollectionSizeLimitExceededException", refused.ErrorCode);
        Assert.False((await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("c1", 3), ConsistentRead = true })).IsItemSet);

        var growing = await Assert.ThrowsAsync<ItemCollectionSizeLimitExceededException>(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Key("c1", 1), UpdateExpression = "SET note = :n", ExpressionAttributeValues = new() { [":n"] = S(new string('n', 600)) },
        }));
        Assert.Equal("Collection size exceeded.", growing.Message);
        var kept = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("c1", 1), ConsistentRead = true });
        Assert.Equal(400, kept.Item["note"].S.Length);

        // Another customer's collection has room; a write that shrinks this one is allowed, and makes room.
        await client.PutItemAsync(table, Order("c2", 1, noteLength: 500));
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Key("c1", 1), UpdateExpression = "SET note = :n", ExpressionAttributeValues = new() { [":n"] = S("short") },
        });
        await client.PutItemAsync(table, Order("c1", 3));
    }

    [Fact]
    public async Task A_transaction_is_measured_whole_and_answers_per_table()
    {
        const string table = "CollTransact";
        var client = await TableAsync(table);
        TransactWriteItem Put(Dictionary<string, AttributeValue> item) => new() { Put = new Put { TableName = table, Item = item } };

        var cancelled = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [Put(Order("c1", 1, noteLength: 300)), Put(Order("c1", 2, noteLength: 300)), Put(Order("c1", 3, noteLength: 300))],
        }));
        Assert.Equal(["None", "None", "ItemCollectionSizeLimitExceeded"], cancelled.CancellationReasons.Select(r => r.Code));
        Assert.Equal("Collection size exceeded.", cancelled.CancellationReasons[2].Message);
        Assert.False((await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key("c1", 1), ConsistentRead = true })).IsItemSet);

        var written = await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                Put(Order("c1", 1, noteLength: 300)), Put(Order("c2", 1, noteLength: 300)),
                new() { ConditionCheck = new ConditionCheck { TableName = table, Key = Key("c3", 1), ConditionExpression = "attribute_not_exists(note)" } },
            ],
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        });
        var metrics = Assert.Single(written.ItemCollectionMetrics);
        Assert.Equal(table, metrics.Key);
        Assert.Equal(2, metrics.Value.Count);
        AssertMetrics("c1", metrics.Value[0]);
        AssertMetrics("c2", metrics.Value[1]);
    }

    [Fact]
    public async Task A_batch_answers_each_write_under_its_table()
    {
        const string table = "CollBatch";
        var client = await TableAsync(table);
        var written = await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { [table] = [new(new PutRequest(Order("c1", 1))), new(new PutRequest(Order("c2", 1))), new(new DeleteRequest(Key("c3", 1)))] },
            ReturnItemCollectionMetrics = ReturnItemCollectionMetrics.SIZE,
        });
        var metrics = Assert.Single(written.ItemCollectionMetrics);
        Assert.Equal(table, metrics.Key);
        Assert.Equal(["c1", "c2", "c3"], metrics.Value.Select(m => m.ItemCollectionKey["customer"].S));
        foreach (var entry in metrics.Value) Assert.Equal([0.0, 1.0], entry.SizeEstimateRangeGB);
    }
}
