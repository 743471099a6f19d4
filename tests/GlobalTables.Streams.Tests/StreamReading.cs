using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests;
using Record = Amazon.DynamoDBv2.Model.Record;

namespace GlobalTables.Streams.Tests;

/// <summary>Reads a stream the way a consumer does: every shard, parents first, page by page.</summary>
public static class StreamReading
{
    public static async Task<string> StreamArnAsync(IAmazonDynamoDB client, string table) =>
        (await client.DescribeTableAsync(table)).Table.LatestStreamArn;

    /// <summary>Every record now in the stream, per shard in sequence order; open shards are read until a page comes back empty.</summary>
    public static async Task<List<Record>> ReadAllAsync(IAmazonDynamoDBStreams streams, string streamArn, int limit = 1000)
    {
        var records = new List<Record>();
        foreach (var shard in await ShardsAsync(streams, streamArn))
        {
            var iterator = (await streams.GetShardIteratorAsync(new GetShardIteratorRequest
            {
                StreamArn = streamArn, ShardId = shard.ShardId, ShardIteratorType = ShardIteratorType.TRIM_HORIZON,
            })).ShardIterator;
            records.AddRange(await DrainAsync(streams, iterator, limit));
        }
        return records;
    }

    /// <summary>Pages from an iterator until the shard ends or a page is empty.</summary>
    public static async Task<List<Record>> DrainAsync(IAmazonDynamoDBStreams streams, string? iterator, int limit = 1000)
    {
        var records = new List<Record>();
        while (iterator is not null)
        {
            var page = await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = limit });
            records.AddRange(page.Records ?? []);
            if (page.Records is not { Count: > 0 }) break;
            iterator = page.NextShardIterator;
        }
        return records;
    }

    public static async Task<List<Shard>> ShardsAsync(IAmazonDynamoDBStreams streams, string streamArn)
    {
        var shards = new List<Shard>();
        string? start = null;
        do
        {
            var page = await streams.DescribeStreamAsync(new DescribeStreamRequest { StreamArn = streamArn, ExclusiveStartShardId = start });
            shards.AddRange(page.StreamDescription.Shards);
            start = page.StreamDescription.LastEvaluatedShardId;
        } while (start is not null);
        return shards;
    }
}
