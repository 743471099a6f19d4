using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Indexes;

/// <summary>UpdateTable GlobalSecondaryIndexUpdates on a live table, through the real SDK (docs/indexes.md).</summary>
public sealed class GlobalIndexUpdateTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    static GlobalSecondaryIndexUpdate Create(string name, string hash, string range) => new()
    {
        Create = new CreateGlobalSecondaryIndexAction
        {
            IndexName = name,
            KeySchema = [new(hash, KeyType.HASH), new(range, KeyType.RANGE)],
            Projection = new Projection { ProjectionType = ProjectionType.KEYS_ONLY },
        },
    };

    static async Task<GlobalSecondaryIndexDescription?> IndexAsync(IAmazonDynamoDB client, string table, string index) =>
        (await client.DescribeTableAsync(table)).Table.GlobalSecondaryIndexes?.SingleOrDefault(i => i.IndexName == index);

    static Task UntilAsync(Func<Task<bool>> done, string what) => Eventually.UntilAsync(done, what, TimeSpan.FromSeconds(30));

    static async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(IAmazonDynamoDB client, ScanRequest request)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var page = await client.ScanAsync(request);
            items.AddRange(page.Items);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (request.ExclusiveStartKey is not null);
        return items;
    }

    [Fact]
    public async Task A_new_index_is_backfilled_while_writes_go_on_and_holds_every_item_once()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "Backfill", "pk");
        for (int i = 0; i < 400; i++)
            await client.PutItemAsync("Backfill", new() { ["pk"] = S($"k{i}"), ["g"] = S($"g{i % 7}"), ["n"] = N(i) });

        // Writers overwrite, add and delete items, some without the index's keys, while the index is created.
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                int k = random.Next(600);
                var key = new Dictionary<string, AttributeValue> { ["pk"] = S($"k{k}") };
                switch (random.Next(4))
                {
                    case 0: await client.DeleteItemAsync("Backfill", key); break;
                    case 1: await client.PutItemAsync("Backfill", new() { ["pk"] = S($"k{k}"), ["other"] = S("x") }); break;
                    default: await client.PutItemAsync("Backfill", new() { ["pk"] = S($"k{k}"), ["g"] = S($"g{random.Next(7)}"), ["n"] = N(random.Next(1000)) }); break;
                }
            }
        })).ToList();

        var response = await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "Backfill",
            AttributeDefinitions = [new("g", ScalarAttributeType.S), new("n", ScalarAttributeType.N)],
            GlobalSecondaryIndexUpdates = [Create("ByG", "g", "n")],
        });
        var creating = response.TableDescription.GlobalSecondaryIndexes.Single();
        Assert.Equal(IndexStatus.CREATING, creating.IndexStatus);
        Assert.True(creating.Backfilling);
        Assert.Equal(TableStatus.ACTIVE, response.TableDescription.TableStatus);
        Assert.Contains(response.TableDescription.AttributeDefinitions, a => a.AttributeName == "n" && a.AttributeType == ScalarAttributeType.N);

        await UntilAsync(async () => (await IndexAsync(client, "Backfill", "ByG"))?.IndexStatus == IndexStatus.ACTIVE, "ByG never became ACTIVE");
        await Task.Delay(200);
        stop.Cancel();
        await Task.WhenAll(writers);

        var table = await ScanAllAsync(client, new ScanRequest { TableName = "Backfill" });
        var expected = table.Where(i => i.ContainsKey("g")).Select(i => i["pk"].S).Order().ToList();
        var index = await ScanAllAsync(client, new ScanRequest { TableName = "Backfill", IndexName = "ByG", Limit = 37 });
        Assert.Equal(expected, index.Select(i => i["pk"].S).Order());
        Assert.Equal(expected.Count, (await IndexAsync(client, "Backfill", "ByG"))!.ItemCount);
        // Each entry carries the item's current index keys.
        var byKey = table.ToDictionary(i => i["pk"].S);
        Assert.All(index, e => Assert.Equal(byKey[e["pk"].S]["n"].N, e["n"].N));
    }

    [Fact]
    public async Task One_index_is_created_or_deleted_at_a_time_and_unknown_indexes_are_not_found()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "OneAtATime", "pk");
        var two = await Assert.ThrowsAsync<LimitExceededException>(() => client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "OneAtATime",
            AttributeDefinitions = [new("a", ScalarAttributeType.S), new("b", ScalarAttributeType.S)],
            GlobalSecondaryIndexUpdates = [Create("IdxA", "a", "b"), Create("IdxB", "b", "a")],
        }));
        Assert.Equal("Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table", two.Message);
        var undefined = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "OneAtATime", GlobalSecondaryIndexUpdates = [Create("IdxA", "a", "b")],
        }));
        Assert.Equal("ValidationException", undefined.ErrorCode);
        Assert.StartsWith("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions.", undefined.Message);
        var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "OneAtATime", GlobalSecondaryIndexUpdates = [new() { Delete = new DeleteGlobalSecondaryIndexAction { IndexName = "Nope" } }],
        }));
        Assert.Contains("Nope", missing.Message);
        Assert.Null(await IndexAsync(client, "OneAtATime", "IdxA"));
    }

    [Fact]
    public async Task A_deleted_index_goes_through_DELETING_and_its_attribute_definitions_with_it()
    {
        var client = fixture.Client();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "DropIndex", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("g", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            GlobalSecondaryIndexes = [new() { IndexName = "ByG", KeySchema = [new("g", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
        });
        await ServerFixture.WaitForStatusAsync(client, "DropIndex", TableStatus.ACTIVE);
        await client.PutItemAsync("DropIndex", new() { ["pk"] = S("a"), ["g"] = S("x") });

        var response = await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "DropIndex", GlobalSecondaryIndexUpdates = [new() { Delete = new DeleteGlobalSecondaryIndexAction { IndexName = "ByG" } }],
        });
        Assert.Equal(IndexStatus.DELETING, response.TableDescription.GlobalSecondaryIndexes.Single().IndexStatus);
        await UntilAsync(async () => await IndexAsync(client, "DropIndex", "ByG") is null, "ByG was never deleted");
        Assert.Equal(["pk"], (await client.DescribeTableAsync("DropIndex")).Table.AttributeDefinitions.Select(a => a.AttributeName));
        var gone = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "DropIndex", IndexName = "ByG", KeyConditionExpression = "g = :g", ExpressionAttributeValues = new() { [":g"] = S("x") },
        }));
        Assert.Equal("The table does not have the specified index: ByG", gone.Message);
        // The table and its items are untouched, and a write with any type of g is now fine.
        await client.PutItemAsync("DropIndex", new() { ["pk"] = S("b"), ["g"] = N(1) });
        Assert.Equal("x", (await client.GetItemAsync("DropIndex", new() { ["pk"] = S("a") })).Item["g"].S);
    }

    [Fact]
    public async Task An_index_throughput_update_is_described()
    {
        var client = fixture.Client();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "IndexThroughput", ProvisionedThroughput = new ProvisionedThroughput(5, 5),
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("g", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new()
                {
                    IndexName = "ByG", KeySchema = [new("g", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY },
                    ProvisionedThroughput = new ProvisionedThroughput(3, 4),
                },
            ],
        });
        await ServerFixture.WaitForStatusAsync(client, "IndexThroughput", TableStatus.ACTIVE);
        var before = await IndexAsync(client, "IndexThroughput", "ByG");
        Assert.Equal(3, before!.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(4, before.ProvisionedThroughput.WriteCapacityUnits);

        await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "IndexThroughput",
            GlobalSecondaryIndexUpdates = [new() { Update = new UpdateGlobalSecondaryIndexAction { IndexName = "ByG", ProvisionedThroughput = new ProvisionedThroughput(7, 8) } }],
        });
        var after = await IndexAsync(client, "IndexThroughput", "ByG");
        Assert.Equal(7, after!.ProvisionedThroughput.ReadCapacityUnits);
        Assert.Equal(8, after.ProvisionedThroughput.WriteCapacityUnits);
        Assert.Equal(IndexStatus.ACTIVE, after.IndexStatus);
    }
}
