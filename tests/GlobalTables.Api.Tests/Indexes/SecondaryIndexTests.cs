using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Indexes;

/// <summary>
/// Global and local secondary indexes through the real SDK on a real host (docs/indexes.md). The table "Orders" has a
/// partition key customer and sort key order; the GSI ByStatus (status, placed) projects ALL, the GSI ByCity (city)
/// KEYS_ONLY, and the LSI ByTotal (customer, total) INCLUDEs note.
/// </summary>
public sealed class SecondaryIndexTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    static CreateTableRequest OrdersTable(string name) => new()
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions =
        [
            new("customer", ScalarAttributeType.S), new("order", ScalarAttributeType.N), new("status", ScalarAttributeType.S),
            new("placed", ScalarAttributeType.N), new("city", ScalarAttributeType.S), new("total", ScalarAttributeType.N),
        ],
        KeySchema = [new("customer", KeyType.HASH), new("order", KeyType.RANGE)],
        GlobalSecondaryIndexes =
        [
            new() { IndexName = "ByStatus", KeySchema = [new("status", KeyType.HASH), new("placed", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.ALL } },
            new() { IndexName = "ByCity", KeySchema = [new("city", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } },
        ],
        LocalSecondaryIndexes =
        [
            new() { IndexName = "ByTotal", KeySchema = [new("customer", KeyType.HASH), new("total", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = ["note"] } },
        ],
    };

    /// <summary>60 orders of 20 customers, spread over every partition; every third has no status (sparse in ByStatus).</summary>
    async Task<AmazonDynamoDBClient> OrdersAsync(string name)
    {
        var client = fixture.Client();
        var created = await client.CreateTableAsync(OrdersTable(name));
        Assert.All(created.TableDescription.GlobalSecondaryIndexes, i => Assert.Equal(IndexStatus.CREATING, i.IndexStatus));
        await ServerFixture.WaitForStatusAsync(client, name, TableStatus.ACTIVE);
        for (int i = 0; i < 60; i++)
        {
            var item = new Dictionary<string, AttributeValue>
            {
                ["customer"] = S($"c{i % 20}"), ["order"] = N(i), ["placed"] = N(1000 - i), ["city"] = S(i % 2 == 0 ? "Paris" : "Lima"),
                ["total"] = N(i * 7 % 50), ["note"] = S($"note{i}"), ["secret"] = S($"secret{i}"),
            };
            if (i % 3 != 0) item["status"] = S(i % 3 == 1 ? "OPEN" : "SHIPPED");
            await client.PutItemAsync(name, item);
        }
        return client;
    }

    static async Task<List<Dictionary<string, AttributeValue>>> AllPagesAsync(IAmazonDynamoDB client, QueryRequest request)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var page = await client.QueryAsync(request);
            items.AddRange(page.Items);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (request.ExclusiveStartKey is not null);
        return items;
    }

    static long Num(Dictionary<string, AttributeValue> item, string name) => long.Parse(item[name].N, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_global_index_query_gathers_every_partition_in_index_order_and_pages_with_both_keys()
    {
        var client = await OrdersAsync("OrdersGsi");
        var expected = Enumerable.Range(0, 60).Where(i => i % 3 == 1).Select(i => 1000L - i).Order().ToList();

        var first = await client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersGsi", IndexName = "ByStatus", KeyConditionExpression = "#s = :s",
            ExpressionAttributeNames = new() { ["#s"] = "status" }, ExpressionAttributeValues = new() { [":s"] = S("OPEN") }, Limit = 7,
        });
        Assert.Equal(7, first.Count);
        Assert.Equal(expected.Take(7), first.Items.Select(i => Num(i, "placed")));
        // The last key holds the index's keys and the table's.
        Assert.Equal(["customer", "order", "placed", "status"], first.LastEvaluatedKey.Keys.Order());
        Assert.Equal("secret" + (1000 - expected[0]), first.Items[0]["secret"].S);

        var all = await AllPagesAsync(client, new QueryRequest
        {
            TableName = "OrdersGsi", IndexName = "ByStatus", KeyConditionExpression = "#s = :s AND placed BETWEEN :lo AND :hi",
            ExpressionAttributeNames = new() { ["#s"] = "status" },
            ExpressionAttributeValues = new() { [":s"] = S("OPEN"), [":lo"] = N(950), [":hi"] = N(990) }, Limit = 4, ScanIndexForward = false,
        });
        Assert.Equal(expected.Where(p => p is >= 950 and <= 990).Reverse(), all.Select(i => Num(i, "placed")));

        // Sparse: the items without a status are in no page.
        var everyStatus = new List<long>();
        foreach (var status in new[] { "OPEN", "SHIPPED" })
            everyStatus.AddRange((await AllPagesAsync(client, new QueryRequest
            {
                TableName = "OrdersGsi", IndexName = "ByStatus", KeyConditionExpression = "#s = :s",
                ExpressionAttributeNames = new() { ["#s"] = "status" }, ExpressionAttributeValues = new() { [":s"] = S(status) }, Limit = 9,
            })).Select(i => Num(i, "order")));
        Assert.Equal(Enumerable.Range(0, 60).Where(i => i % 3 != 0).Select(i => (long)i), everyStatus.Order());

        var described = await client.DescribeTableAsync("OrdersGsi");
        var byStatus = described.Table.GlobalSecondaryIndexes.Single(i => i.IndexName == "ByStatus");
        Assert.Equal(IndexStatus.ACTIVE, byStatus.IndexStatus);
        Assert.Equal(40, byStatus.ItemCount);
        Assert.True(byStatus.IndexSizeBytes > 0);
        Assert.EndsWith(":table/OrdersGsi/index/ByStatus", byStatus.IndexArn);
        Assert.Equal(60, described.Table.GlobalSecondaryIndexes.Single(i => i.IndexName == "ByCity").ItemCount);
        var byTotal = described.Table.LocalSecondaryIndexes.Single();
        Assert.Equal(ProjectionType.INCLUDE, byTotal.Projection.ProjectionType);
        Assert.Equal(["note"], byTotal.Projection.NonKeyAttributes);
        Assert.Equal(60, byTotal.ItemCount);

        // Each index's lag, per region: a sample for every write that reached it.
        using var http = new HttpClient { BaseAddress = fixture.Server.FrontDoorEndpoint };
        using var lags = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/_admin/indexes"));
        var mine = lags.RootElement.EnumerateArray().Where(l => l.GetProperty("table").GetString() == "OrdersGsi")
            .ToDictionary(l => l.GetProperty("index").GetString()!);
        Assert.Equal(["ByCity", "ByStatus", "ByTotal"], mine.Keys.Order());
        Assert.Equal(40, mine["ByStatus"].GetProperty("samples").GetInt64());
        Assert.Equal(60, mine["ByCity"].GetProperty("samples").GetInt64());
        Assert.Equal("us-east-1", mine["ByStatus"].GetProperty("region").GetString());
        Assert.InRange(mine["ByStatus"].GetProperty("p99Ms").GetDouble(), mine["ByStatus"].GetProperty("p50Ms").GetDouble(), 60_000);
    }

    [Fact]
    public async Task Updates_and_deletes_move_and_remove_index_entries()
    {
        var client = await OrdersAsync("OrdersMoves");
        async Task<List<long>> OrdersWithStatus(string status) => (await AllPagesAsync(client, new QueryRequest
        {
            TableName = "OrdersMoves", IndexName = "ByStatus", KeyConditionExpression = "#s = :s",
            ExpressionAttributeNames = new() { ["#s"] = "status" }, ExpressionAttributeValues = new() { [":s"] = S(status) },
        })).Select(i => Num(i, "order")).Order().ToList();

        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "OrdersMoves", Key = new() { ["customer"] = S("c1"), ["order"] = N(1) },
            UpdateExpression = "SET #s = :s", ExpressionAttributeNames = new() { ["#s"] = "status" }, ExpressionAttributeValues = new() { [":s"] = S("LOST") },
        });
        await client.DeleteItemAsync("OrdersMoves", new() { ["customer"] = S("c4"), ["order"] = N(4) });
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "OrdersMoves", Key = new() { ["customer"] = S("c7"), ["order"] = N(7) },
            UpdateExpression = "REMOVE #s", ExpressionAttributeNames = new() { ["#s"] = "status" },
        });

        Assert.Equal([1], await OrdersWithStatus("LOST"));
        var open = await OrdersWithStatus("OPEN");
        Assert.DoesNotContain(1, open);
        Assert.DoesNotContain(4, open);
        Assert.DoesNotContain(7, open);
        Assert.Equal(17, open.Count);
    }

    [Fact]
    public async Task A_keys_only_index_returns_keys_and_refuses_what_it_does_not_project()
    {
        var client = await OrdersAsync("OrdersKeysOnly");
        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "ByCity", KeyConditionExpression = "city = :c",
            ExpressionAttributeValues = new() { [":c"] = S("Lima") }, Select = Select.ALL_PROJECTED_ATTRIBUTES,
        });
        Assert.Equal(30, page.Count);
        Assert.All(page.Items, i => Assert.Equal(["city", "customer", "order"], i.Keys.Order()));

        var notProjected = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "ByCity", KeyConditionExpression = "city = :c",
            ExpressionAttributeValues = new() { [":c"] = S("Lima") }, ProjectionExpression = "customer, note",
        }));
        Assert.Equal("ValidationException", notProjected.ErrorCode);
        Assert.Equal("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index ByCity because its projection type is not ALL", notProjected.Message);
        var all = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ScanAsync(new ScanRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "ByCity", Select = Select.ALL_ATTRIBUTES,
        }));
        Assert.Equal(notProjected.Message, all.Message);
        var consistent = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "ByCity", KeyConditionExpression = "city = :c",
            ExpressionAttributeValues = new() { [":c"] = S("Lima") }, ConsistentRead = true,
        }));
        Assert.Equal("Consistent reads are not supported on global secondary indexes", consistent.Message);
        var missing = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "Nope", KeyConditionExpression = "city = :c", ExpressionAttributeValues = new() { [":c"] = S("Lima") },
        }));
        Assert.Equal("The table does not have the specified index: Nope", missing.Message);
        var wrongKey = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "ByCity", KeyConditionExpression = "customer = :c", ExpressionAttributeValues = new() { [":c"] = S("c1") },
        }));
        Assert.Equal("ValidationException", wrongKey.ErrorCode);

        // A starting key on an index holds the table's keys and the index's, and lies within the key condition.
        var tableKeyOnly = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "ByCity", KeyConditionExpression = "city = :c", ExpressionAttributeValues = new() { [":c"] = S("Lima") },
            ExclusiveStartKey = new() { ["customer"] = S("c1"), ["order"] = N(1) },
        }));
        Assert.Equal("ValidationException", tableKeyOnly.ErrorCode);
        Assert.Equal("The provided starting key is invalid: The provided key element does not match the schema", tableKeyOnly.Message);
        var elsewhere = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersKeysOnly", IndexName = "ByCity", KeyConditionExpression = "city = :c", ExpressionAttributeValues = new() { [":c"] = S("Lima") },
            ExclusiveStartKey = new() { ["customer"] = S("c1"), ["order"] = N(1), ["city"] = S("Paris") },
        }));
        Assert.Equal("The provided starting key is outside query boundaries based on provided conditions", elsewhere.Message);
    }

    [Fact]
    public async Task A_local_index_reads_its_partition_in_order_and_fetches_what_it_does_not_project()
    {
        var client = await OrdersAsync("OrdersLsi");
        // c3 holds orders 3, 23 and 43, whose totals are 21, 11 and 1.
        var projected = await client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersLsi", IndexName = "ByTotal", KeyConditionExpression = "customer = :c AND #t > :t",
            ExpressionAttributeNames = new() { ["#t"] = "total" }, ExpressionAttributeValues = new() { [":c"] = S("c3"), [":t"] = N(5) },
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        });
        Assert.Equal([23L, 3L], projected.Items.Select(i => Num(i, "order")));
        Assert.Equal(["customer", "note", "order", "total"], projected.Items[0].Keys.Order());
        Assert.Equal(0, projected.ConsumedCapacity.Table.CapacityUnits);
        Assert.Equal(0.5, projected.ConsumedCapacity.LocalSecondaryIndexes["ByTotal"].CapacityUnits);

        var fetched = await client.QueryAsync(new QueryRequest
        {
            TableName = "OrdersLsi", IndexName = "ByTotal", KeyConditionExpression = "customer = :c",
            ExpressionAttributeValues = new() { [":c"] = S("c3") }, Select = Select.ALL_ATTRIBUTES, ConsistentRead = true,
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        });
        Assert.Equal([43L, 23L, 3L], fetched.Items.Select(i => Num(i, "order")));
        Assert.Equal("secret43", fetched.Items[0]["secret"].S);
        // Each item read whole from the table costs a read of its own, beside the index's.
        Assert.Equal(3, fetched.ConsumedCapacity.Table.CapacityUnits);
        Assert.Equal(1, fetched.ConsumedCapacity.LocalSecondaryIndexes["ByTotal"].CapacityUnits);
        Assert.Equal(4, fetched.ConsumedCapacity.CapacityUnits);
    }

    [Fact]
    public async Task Scanning_an_index_pages_through_its_entries_once_each_in_parallel_segments()
    {
        var client = await OrdersAsync("OrdersScan");
        var seen = new List<long>();
        for (int segment = 0; segment < 3; segment++)
        {
            var request = new ScanRequest { TableName = "OrdersScan", IndexName = "ByStatus", Limit = 5, Segment = segment, TotalSegments = 3 };
            do
            {
                var page = await client.ScanAsync(request);
                seen.AddRange(page.Items.Select(i => Num(i, "order")));
                request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            } while (request.ExclusiveStartKey is not null);
        }
        Assert.Equal(Enumerable.Range(0, 60).Where(i => i % 3 != 0).Select(i => (long)i), seen.Order());
    }

    [Fact]
    public async Task A_write_with_an_index_key_of_the_wrong_type_is_refused_and_names_the_index()
    {
        var client = await OrdersAsync("OrdersTypes");
        var refused = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.PutItemAsync("OrdersTypes", new()
        {
            ["customer"] = S("c0"), ["order"] = N(0), ["status"] = N(5),
        }));
        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal("One or more parameter values were invalid: Type mismatch for Index Key status Expected: S Actual: N IndexName: ByStatus", refused.Message);
        var update = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "OrdersTypes", Key = new() { ["customer"] = S("c0"), ["order"] = N(0) },
            UpdateExpression = "SET city = :c", ExpressionAttributeValues = new() { [":c"] = S("") },
        }));
        Assert.Contains("IndexName: ByCity", update.Message);
        // Nothing already written changed.
        var item = (await client.GetItemAsync("OrdersTypes", new() { ["customer"] = S("c0"), ["order"] = N(0) })).Item;
        Assert.Equal("Paris", item["city"].S);
        Assert.Equal("note0", item["note"].S);
    }

    [Fact]
    public async Task Indexes_survive_a_restart_without_being_created_again()
    {
        var host = new ServerFixture();
        await host.InitializeAsync();
        try
        {
            var client = host.Client();
            await client.CreateTableAsync(OrdersTable("OrdersRestart"));
            await ServerFixture.WaitForStatusAsync(client, "OrdersRestart", TableStatus.ACTIVE);
            for (int i = 0; i < 10; i++)
                await client.PutItemAsync("OrdersRestart", new() { ["customer"] = S($"c{i}"), ["order"] = N(i), ["status"] = S("OPEN"), ["placed"] = N(i) });
            await host.RestartAsync();
            client = host.Client();
            var page = await client.QueryAsync(new QueryRequest
            {
                TableName = "OrdersRestart", IndexName = "ByStatus", KeyConditionExpression = "#s = :s",
                ExpressionAttributeNames = new() { ["#s"] = "status" }, ExpressionAttributeValues = new() { [":s"] = S("OPEN") },
            });
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), page.Items.Select(i => Num(i, "placed")));
            Assert.Equal(TableStatus.ACTIVE, (await client.DescribeTableAsync("OrdersRestart")).Table.TableStatus);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
