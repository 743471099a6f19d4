using System.Text.Json;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The stream-read workload: setup loads --records items into a fresh table with a NEW_AND_OLD_IMAGES
/// stream, so the stream holds one record per item; then one reader pages through every shard with
/// GetRecords (Limit 1,000), from TRIM_HORIZON, and starts over when it has read them all. Each
/// GetRecords call is the timed operation and counts for the records it returned, so the report's
/// ops/s is records/s delivered to one reader.
/// </summary>
public sealed class StreamReadTarget(BenchOptions options) : IBenchTarget
{
    const int PageLimit = 1000;

    readonly StreamsClient _streams = new(options.Endpoint, options.Region);
    readonly Amazon.DynamoDBv2.AmazonDynamoDBClient _client = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
    string _streamArn = "";
    List<string> _shards = [];

    public string Endpoint => options.Endpoint;

    public async Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken)
    {
        var table = new BenchTable(_client, options.Table);
        progress.Report($"creating {options.Table} with a stream", 0);
        await table.RecreateAsync(withStream: true, cancellationToken);
        await table.LoadAsync(options.Records, options.Concurrency, new ItemValues(options.ItemSizeBytes, options.Seed), progress, cancellationToken);
        _streamArn = (await table.DescribeAsync(cancellationToken))!.LatestStreamArn;
        var description = await _streams.SendAsync("DescribeStream", new { StreamArn = _streamArn }, cancellationToken);
        _shards = description.GetProperty("StreamDescription").GetProperty("Shards").EnumerateArray()
            .Select(s => s.GetProperty("ShardId").GetString()!).ToList();
    }

    public IBenchWorker CreateWorker(int index, Random random, WorkerRecorder recorder) => new Reader(this);

    public ValueTask DisposeAsync()
    {
        _streams.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    sealed class Reader(StreamReadTarget target) : IBenchWorker
    {
        int _shard = -1;
        string? _iterator;

        public async Task<int> ExecuteAsync(Operation operation, CancellationToken cancellationToken)
        {
            if (operation != Operation.GetRecords) throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
            if (_iterator is null)
            {
                _shard = (_shard + 1) % target._shards.Count;
                var iterator = await target._streams.SendAsync("GetShardIterator",
                    new { StreamArn = target._streamArn, ShardId = target._shards[_shard], ShardIteratorType = "TRIM_HORIZON" }, cancellationToken);
                _iterator = iterator.GetProperty("ShardIterator").GetString();
            }
            var page = await target._streams.SendAsync("GetRecords", new { ShardIterator = _iterator, Limit = PageLimit }, cancellationToken);
            int records = page.GetProperty("Records").GetArrayLength();
            // An empty page means this shard is read to its end for now: move on to the next.
            _iterator = records > 0 && page.TryGetProperty("NextShardIterator", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            return records;
        }
    }
}
