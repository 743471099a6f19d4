using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The replication workload: each operation writes a new item in the --endpoint region, then polls
/// every --replica region with GetItem until the item arrives. The put is the timed operation; the
/// arrival in each region, measured from the put's acknowledgement, is recorded as that region's lag.
/// Setup makes sure the table exists with a replica in every region (UpdateTable ReplicaUpdates,
/// as in global tables version 2019.11.21) and is reused across runs.
/// </summary>
public sealed class ReplicationTarget : IBenchTarget
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan ArrivalWaitMax = TimeSpan.FromSeconds(30);

    private readonly BenchOptions _options;
    private readonly AmazonDynamoDBClient _client;
    private readonly AmazonDynamoDBClient _setupClient;
    private readonly IReadOnlyList<(ReplicaEndpoint Replica, AmazonDynamoDBClient Client)> _replicas;
    private readonly ItemValues _values;
    private long _runId;

    public ReplicationTarget(BenchOptions options)
    {
        _options = options;
        _client = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 0);
        _setupClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
        _replicas = options.Replicas
            .Select(r => (r, BenchClient.Create(r.Endpoint, r.Region, options.Concurrency * 2, retries: 0)))
            .ToList();
        _values = new ItemValues(options.ItemSizeBytes, options.Seed);
    }

    public string Endpoint => _options.Endpoint;

    public async Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken)
    {
        _runId = DateTime.UtcNow.Ticks;
        progress.Report($"ensuring table {_options.Table} in {_options.Region}", 0);
        var source = new BenchTable(_setupClient, _options.Table);
        await source.EnsureAsync(withStream: true, cancellationToken);
        for (var i = 0; i < _replicas.Count; i++)
        {
            var (replica, client) = _replicas[i];
            progress.Report($"ensuring replica in {replica.Region}", (double)i / _replicas.Count);
            var target = new BenchTable(client, _options.Table);
            if (await target.DescribeAsync(cancellationToken) is null)
            {
                await _setupClient.UpdateTableAsync(new UpdateTableRequest
                {
                    TableName = _options.Table,
                    ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = replica.Region } }],
                }, cancellationToken);
                await source.WaitActiveAsync(cancellationToken);
            }
            await target.WaitActiveAsync(cancellationToken);
        }
    }

    public IBenchWorker CreateWorker(int index, Random random, WorkerRecorder recorder) => new Worker(this, index, random, recorder);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _setupClient.Dispose();
        foreach (var (_, client) in _replicas) client.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Worker(ReplicationTarget target, int index, Random random, WorkerRecorder recorder) : IBenchWorker
    {
        private long _sequence;

        public async Task<int> ExecuteAsync(Operation operation, CancellationToken cancellationToken)
        {
            if (operation != Operation.ReplicatedPut) throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
            var sequence = _sequence++;
            var key = new Dictionary<string, AttributeValue>
            {
                [KeySpace.PartitionKeyName] = new() { S = $"repl-{target._runId}-{index}" },
                [KeySpace.SortKeyName] = new() { N = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            };
            var data = target._values.Next(random);
            var item = new Dictionary<string, AttributeValue>(key) { [KeySpace.DataName] = new() { S = data } };
            await target._client.PutItemAsync(new PutItemRequest { TableName = target._options.Table, Item = item }, cancellationToken);
            var acknowledged = Stopwatch.GetTimestamp();
            await Task.WhenAll(target._replicas.Select(r => AwaitArrivalAsync(r.Replica, r.Client, key, data, acknowledged, cancellationToken)));
            return 1;
        }

        private async Task AwaitArrivalAsync(
            ReplicaEndpoint replica, IAmazonDynamoDB client, Dictionary<string, AttributeValue> key, string data, long acknowledged, CancellationToken cancellationToken)
        {
            var request = new GetItemRequest { TableName = target._options.Table, Key = key, ConsistentRead = true };
            while (true)
            {
                var response = await client.GetItemAsync(request, cancellationToken);
                if (response.Item is { } found && found.TryGetValue(KeySpace.DataName, out var value) && value.S == data)
                {
                    // Recorded from the worker's thread of control; Task.WhenAll awaits every replica before the next op.
                    lock (recorder) recorder.RecordLag(replica.Region, (long)Stopwatch.GetElapsedTime(acknowledged).TotalMicroseconds);
                    return;
                }
                if (Stopwatch.GetElapsedTime(acknowledged) > ArrivalWaitMax)
                    throw new TimeoutException($"The write did not reach {replica.Region} within {ArrivalWaitMax.TotalSeconds:F0} s.");
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }
}
