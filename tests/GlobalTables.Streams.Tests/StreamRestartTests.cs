using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests;
using Record = Amazon.DynamoDBv2.Model.Record;

namespace GlobalTables.Streams.Tests;

public sealed class StreamRestartTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_reader_continues_after_a_region_restart_from_its_last_sequence_number()
    {
        var client = fixture.Client();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "restarted", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        });
        await ServerFixture.WaitForStatusAsync(client, "restarted", TableStatus.ACTIVE);
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            for (int v = 1; v <= 5; v++)
                await client.PutItemAsync("restarted", new() { ["pk"] = new AttributeValue($"k{i}"), ["v"] = new AttributeValue { N = v.ToString() } });
        });
        var arn = await StreamReading.StreamArnAsync(client, "restarted");
        var streams = fixture.StreamsClient();
        var shards = await StreamReading.ShardsAsync(streams, arn);

        // Read the first page of every shard, and remember where each stopped.
        var seen = new List<Record>();
        var resume = new Dictionary<string, (string LastSequence, string Next)>();
        foreach (var shard in shards)
        {
            var iterator = (await streams.GetShardIteratorAsync(new GetShardIteratorRequest
            {
                StreamArn = arn, ShardId = shard.ShardId, ShardIteratorType = ShardIteratorType.TRIM_HORIZON,
            })).ShardIterator;
            var page = await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = 20 });
            Assert.NotEmpty(page.Records);
            seen.AddRange(page.Records);
            resume[shard.ShardId] = (page.Records[^1].Dynamodb.SequenceNumber, page.NextShardIterator);
        }

        await fixture.RestartAsync();
        streams = fixture.StreamsClient();

        // Half the shards go on from the last sequence number read, half with the iterator they held: both outlive the restart.
        int n = 0;
        foreach (var (shardId, (last, next)) in resume)
        {
            var iterator = n++ % 2 == 0
                ? (await streams.GetShardIteratorAsync(new GetShardIteratorRequest
                {
                    StreamArn = arn, ShardId = shardId, ShardIteratorType = ShardIteratorType.AFTER_SEQUENCE_NUMBER, SequenceNumber = last,
                })).ShardIterator
                : next;
            seen.AddRange(await StreamReading.DrainAsync(streams, iterator));
        }

        Assert.Equal(1000, seen.Count);
        Assert.Equal(1000, seen.Select(r => r.EventID).Distinct().Count());
        foreach (var item in seen.GroupBy(r => r.Dynamodb.Keys["pk"].S))
        {
            var ordered = item.OrderBy(r => decimal.Parse(r.Dynamodb.SequenceNumber)).ToList();
            Assert.Equal(["1", "2", "3", "4", "5"], ordered.Select(r => r.Dynamodb.NewImage["v"].N));
            // Old images come from the journal, across the restart too.
            Assert.Equal(new string?[] { null, "1", "2", "3", "4" },
                ordered.Select(r => r.Dynamodb.OldImage is { Count: > 0 } old ? old["v"].N : null));
        }

        // Writes after the restart point back to events written before it.
        client = fixture.Client();
        await client.PutItemAsync("restarted", new() { ["pk"] = new AttributeValue("k7"), ["v"] = new AttributeValue { N = "6" } });
        var after = (await StreamReading.ReadAllAsync(streams, arn)).Where(r => r.Dynamodb.Keys["pk"].S == "k7").ToList();
        Assert.Equal("MODIFY", after[^1].EventName.Value);
        Assert.Equal("5", after[^1].Dynamodb.OldImage["v"].N);
    }
}
