using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// Runs a YCSB-style mix against any DynamoDB endpoint with the real AWS SDK client.
/// Setup drops and recreates the table, then loads the records, so every run starts alike.
/// </summary>
public sealed class DynamoTarget : IBenchTarget
{
    private readonly BenchOptions _options;
    private readonly Workload _workload;
    private readonly AmazonDynamoDBClient _client;
    private readonly AmazonDynamoDBClient _setupClient;
    private readonly ItemValues _values;
    private readonly BenchIndexes _indexes;
    private readonly ZipfianGenerator _zipfian;
    private InsertCounter _inserts;

    public DynamoTarget(BenchOptions options, Workload workload, string? endpointOverride = null)
    {
        _options = options;
        _workload = workload;
        Endpoint = endpointOverride ?? options.Endpoint;
        _client = BenchClient.Create(Endpoint, options.Region, options.Concurrency, retries: 0);
        _setupClient = BenchClient.Create(Endpoint, options.Region, options.Concurrency, retries: 5);
        _values = new ItemValues(options.ItemSizeBytes, options.Seed);
        _indexes = BenchIndexes.For(options, workload);
        _zipfian = new ZipfianGenerator(options.Records);
        _inserts = new InsertCounter(options.Records);
    }

    public string Endpoint { get; }

    /// <summary>False for the HTTP floor (<see cref="KestrelFloor"/>), whose endpoint has no tables.</summary>
    public bool CreatesTable { get; init; } = true;

    public async Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken)
    {
        _inserts = new InsertCounter(_options.Records);
        if (!CreatesTable) return;
        var table = new BenchTable(_setupClient, _options.Table) { Indexes = _indexes };
        progress.Report($"creating table {_options.Table}", 0);
        await table.RecreateAsync(withStream: false, cancellationToken);
        if (_workload.NeedsLoad)
        {
            await table.LoadAsync(_options.Records, _options.Concurrency, _values, progress, cancellationToken);
        }
    }

    public IBenchWorker CreateWorker(int index, Random random, WorkerRecorder recorder)
    {
        KeyChooser keys = _workload.ReadsLatest
            ? new LatestKeyChooser(_inserts, _zipfian)
            : KeyChooser.Create(_options.Distribution, _zipfian);
        return new Worker(this, random, keys);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _setupClient.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Worker(DynamoTarget target, Random random, KeyChooser keys) : IBenchWorker
    {
        private readonly IAmazonDynamoDB _client = target._client;
        private readonly string _table = target._options.Table;

        public async Task<int> ExecuteAsync(Operation operation, CancellationToken cancellationToken)
        {
            switch (operation)
            {
                case Operation.Read:
                    await ReadAsync(keys.Next(random), cancellationToken);
                    return 1;
                case Operation.Update:
                    await UpdateAsync(keys.Next(random), cancellationToken);
                    return 1;
                case Operation.Put:
                    await PutAsync(keys.Next(random), cancellationToken);
                    return 1;
                case Operation.Insert:
                    var record = target._inserts.Claim();
                    await PutAsync(record, cancellationToken);
                    target._inserts.Acknowledge(record);
                    return 1;
                case Operation.Scan:
                    await ScanAsync(keys.Next(random), 1 + random.Next(target._workload.ScanLengthMax), cancellationToken);
                    return 1;
                case Operation.Query:
                    return Found(await QueryAsync(keys.Next(random), cancellationToken));
                case Operation.IndexQuery:
                    return Found(await _client.QueryAsync(target._indexes.Query(_table, FirstIndex, keys.Next(random)), cancellationToken));
                case Operation.ReadModifyWrite:
                    var key = keys.Next(random);
                    await ReadAsync(key, cancellationToken);
                    await UpdateAsync(key, cancellationToken);
                    return 1;
                default:
                    throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not a DynamoDB mix operation.");
            }
        }

        /// <summary>gsi-query reads the first index; the others are only written.</summary>
        private const int FirstIndex = 1;

        /// <summary>Every record queried for was loaded, so an empty answer is a wrong one, not a fast one.</summary>
        private static int Found(QueryResponse response) => response.Count > 0
            ? 1
            : throw new InvalidOperationException("Query found no item for a key that was loaded.");

        private Task<GetItemResponse> ReadAsync(long record, CancellationToken cancellationToken)
            => _client.GetItemAsync(new GetItemRequest { TableName = _table, Key = BenchTable.Key(record) }, cancellationToken);

        private Task<PutItemResponse> PutAsync(long record, CancellationToken cancellationToken)
            => _client.PutItemAsync(new PutItemRequest { TableName = _table, Item = target._indexes.Item(record, target._values.Next(random)) }, cancellationToken);

        private Task<UpdateItemResponse> UpdateAsync(long record, CancellationToken cancellationToken)
            => _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = BenchTable.Key(record),
                UpdateExpression = "SET #d = :d",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#d"] = KeySpace.DataName },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":d"] = new() { S = target._values.Next(random) } },
            }, cancellationToken);

        /// <summary>YCSB's short scan as a Query: from the record onward within its partition, at most length items.</summary>
        private Task<QueryResponse> ScanAsync(long record, int length, CancellationToken cancellationToken)
            => _client.QueryAsync(new QueryRequest
            {
                TableName = _table,
                KeyConditionExpression = "#pk = :pk AND #sk >= :sk",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = KeySpace.PartitionKeyName, ["#sk"] = KeySpace.SortKeyName },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":pk"] = new() { S = KeySpace.PartitionKey(record) },
                    [":sk"] = new() { N = KeySpace.SortKey(record).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
                Limit = length,
            }, cancellationToken);

        /// <summary>
        /// The first <see cref="BenchIndexes.GroupSize"/> items of the record's partition key: as many as a gsi-query finds,
        /// so the two differ by what the index costs (a table Query asks one partition, a GSI Query every partition).
        /// </summary>
        private Task<QueryResponse> QueryAsync(long record, CancellationToken cancellationToken)
            => ScanAsync(record - KeySpace.SortKey(record), BenchIndexes.GroupSize, cancellationToken);
    }
}
