using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests;

namespace GlobalTables.Streams.Tests;

public sealed class RollingShardsFixture : IAsyncLifetime
{
    public ServerFixture Server { get; } = new()
    {
        ConfigOverrides = "globaltables.streams { shard-rollover = 2s, shard-seal-delay = 200ms }",
    };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

public sealed class ShardRolloverTests(RollingShardsFixture fixture) : IClassFixture<RollingShardsFixture>
{
    [Fact]
    public async Task A_sealed_shard_ends_and_CHILD_SHARDS_leads_to_the_shard_that_took_over()
    {
        var client = fixture.Server.Client();
        var streams = fixture.Server.StreamsClient();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "rolling", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        });
        await ServerFixture.WaitForStatusAsync(client, "rolling", TableStatus.ACTIVE);
        await client.PutItemAsync("rolling", new() { ["pk"] = new AttributeValue("same"), ["v"] = new AttributeValue { N = "1" } });
        var arn = await StreamReading.StreamArnAsync(client, "rolling");

        // The shard that took the first write, once its window has ended and it is sealed.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Shard? parent = null;
        while (parent is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the first shard was never sealed");
            foreach (var shard in (await StreamReading.ShardsAsync(streams, arn)).Where(s => s.SequenceNumberRange.EndingSequenceNumber is not null))
                if ((await ReadShardAsync(streams, arn, shard.ShardId)).Records.Any()) parent = shard;
            if (parent is null) await Task.Delay(200);
        }
        await client.PutItemAsync("rolling", new() { ["pk"] = new AttributeValue("same"), ["v"] = new AttributeValue { N = "2" } });

        // Read to its end, a sealed shard gives no next iterator.
        var (records, next) = await ReadShardAsync(streams, arn, parent.ShardId);
        Assert.Equal("1", Assert.Single(records).Dynamodb.NewImage["v"].N);
        Assert.Null(next);

        // The reader finds the next shard with CHILD_SHARDS, and follows the chain to the second write.
        var current = parent.ShardId;
        var seen = new List<string>();
        while (seen.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline.AddSeconds(30), "the second write was never found");
            var children = await AwsCli.RunAsync(fixture.Server.Server.RegionEndpoints["us-east-1"], "us-east-1",
                "dynamodbstreams", "describe-stream", "--stream-arn", arn, "--shard-filter", $"Type=CHILD_SHARDS,ShardId={current}");
            var child = Assert.Single(children.GetProperty("StreamDescription").GetProperty("Shards").EnumerateArray());
            Assert.Equal(current, child.GetProperty("ParentShardId").GetString());
            var childId = child.GetProperty("ShardId").GetString()!;
            Assert.Equal(current[^8..], childId[^8..]);
            (records, next) = await ReadShardAsync(streams, arn, childId);
            seen.AddRange(records.Select(r => r.Dynamodb.NewImage["v"].N));
            if (seen.Count == 0 && next is not null) await Task.Delay(200);
            else current = childId;
        }
        Assert.Equal(["2"], seen);
    }

    static async Task<(List<Amazon.DynamoDBv2.Model.Record> Records, string? Next)> ReadShardAsync(IAmazonDynamoDBStreams streams, string arn, string shardId)
    {
        var iterator = (await streams.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = arn, ShardId = shardId, ShardIteratorType = ShardIteratorType.TRIM_HORIZON,
        })).ShardIterator;
        var records = new List<Amazon.DynamoDBv2.Model.Record>();
        while (iterator is not null)
        {
            var page = await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator });
            records.AddRange(page.Records);
            if (page.Records.Count == 0) return (records, page.NextShardIterator);
            iterator = page.NextShardIterator;
        }
        return (records, null);
    }
}
