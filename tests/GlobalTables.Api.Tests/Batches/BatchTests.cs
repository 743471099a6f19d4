using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Batches;

public sealed class BatchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static Dictionary<string, AttributeValue> Key(string pk) => new() { ["pk"] = S(pk) };

    [Fact]
    public async Task BatchWriteItem_puts_and_deletes_across_tables_and_BatchGetItem_reads_them_back()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "BatchOne");
        await ServerFixture.CreateTableAsync(client, "BatchTwo");
        await client.PutItemAsync("BatchOne", new() { ["pk"] = S("gone"), ["v"] = S("old") });

        var written = await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                ["BatchOne"] = [.. Enumerable.Range(0, 20).Select(i => new WriteRequest(new PutRequest(new() { ["pk"] = S("k" + i), ["v"] = S("one" + i) }))),
                    new WriteRequest(new DeleteRequest(Key("gone")))],
                ["BatchTwo"] = [.. Enumerable.Range(0, 4).Select(i => new WriteRequest(new PutRequest(new() { ["pk"] = S("k" + i), ["v"] = S("two" + i) })))],
            },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Empty(written.UnprocessedItems);
        Assert.Equal(21, written.ConsumedCapacity.Single(c => c.TableName == "BatchOne").CapacityUnits);

        var read = await client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new()
            {
                ["BatchOne"] = new KeysAndAttributes { Keys = [Key("k3"), Key("gone"), Key("k19")], ProjectionExpression = "#v", ExpressionAttributeNames = new() { ["#v"] = "v" } },
                ["BatchTwo"] = new KeysAndAttributes { Keys = [Key("k0"), Key("k3")], ConsistentRead = true },
            },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Empty(read.UnprocessedKeys);
        Assert.Equal(["one19", "one3"], read.Responses["BatchOne"].Select(i => i["v"].S).Order());
        Assert.All(read.Responses["BatchOne"], i => Assert.Equal(["v"], i.Keys));
        Assert.Equal(["two0", "two3"], read.Responses["BatchTwo"].Select(i => i["v"].S).Order());
        Assert.Equal(2, read.ConsumedCapacity.Single(c => c.TableName == "BatchTwo").CapacityUnits);
    }

    [Fact]
    public async Task Batches_enforce_DynamoDBs_limits_and_reject_duplicate_keys()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "BatchLimits");
        async Task<string> Fails(Func<Task> call) => (await Assert.ThrowsAsync<AmazonDynamoDBException>(call)).Message;

        Assert.Equal("Provided list of item keys contains duplicates", await Fails(() => client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { ["BatchLimits"] = new KeysAndAttributes { Keys = [Key("a"), Key("a")] } },
        })));
        Assert.Equal("Provided list of item keys contains duplicates", await Fails(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { ["BatchLimits"] = [new WriteRequest(new PutRequest(Key("a"))), new WriteRequest(new DeleteRequest(Key("a")))] },
        })));
        await ServerFixture.CreateTableAsync(client, "BatchLimits2");
        Assert.Equal("Too many items requested for the BatchGetItem call", await Fails(() => client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new()
            {
                ["BatchLimits"] = new KeysAndAttributes { Keys = [.. Enumerable.Range(0, 60).Select(i => Key("k" + i))] },
                ["BatchLimits2"] = new KeysAndAttributes { Keys = [.. Enumerable.Range(0, 41).Select(i => Key("k" + i))] },
            },
        })));
        var tooMany = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new() { ["BatchLimits"] = [.. Enumerable.Range(0, 26).Select(i => new WriteRequest(new PutRequest(Key("k" + i))))] },
        }));
        Assert.Contains("Member must have length less than or equal to 25", tooMany.Message);
        Assert.IsType<ResourceNotFoundException>(await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => client.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new() { ["NoSuchTable"] = new KeysAndAttributes { Keys = [Key("a")] } },
        })));
    }

    [Fact]
    public async Task BatchGetItem_returns_keys_past_16_MB_as_UnprocessedKeys()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "BatchLarge");
        var payload = new string('x', 390 * 1024);
        await Parallel.ForEachAsync(Enumerable.Range(0, 50), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await client.PutItemAsync("BatchLarge", new() { ["pk"] = S("k" + i), ["data"] = S(payload) }, ct));

        var keys = Enumerable.Range(0, 50).Select(i => Key("k" + i)).ToList();
        var received = new HashSet<string>();
        var request = new Dictionary<string, KeysAndAttributes> { ["BatchLarge"] = new KeysAndAttributes { Keys = keys, ProjectionExpression = "pk, #d", ExpressionAttributeNames = new() { ["#d"] = "data" } } };
        int calls = 0;
        while (request.Count > 0)
        {
            var r = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request });
            calls++;
            Assert.True(r.Responses["BatchLarge"].Count <= 16 * 1024 / 390);
            foreach (var item in r.Responses["BatchLarge"]) Assert.True(received.Add(item["pk"].S));
            request = r.UnprocessedKeys ?? [];
            if (request.Count > 0) Assert.Equal("pk, #d", request["BatchLarge"].ProjectionExpression);
        }
        Assert.Equal(50, received.Count);
        Assert.Equal(2, calls);
    }
}
