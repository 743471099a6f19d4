using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>Creates, drops and loads the bench table through the DynamoDB API. Nothing here is timed.</summary>
public sealed class BenchTable(IAmazonDynamoDB client, string tableName)
{
    public const int BatchWriteItemsMax = 25;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan WaitMax = TimeSpan.FromMinutes(2);

    private volatile bool _batchWriteUnsupported;

    public string Name => tableName;

    /// <summary>The GSIs CreateTable defines; loaded items carry the keys of all of them.</summary>
    public BenchIndexes Indexes { get; init; } = BenchIndexes.None;

    /// <summary>A Number attribute every loaded item gets, in epoch seconds (the ttl-delete workload's); none when null.</summary>
    public (string Name, long Seconds)? Expires { get; init; }

    /// <summary>Drops the table if it exists and creates it empty.</summary>
    public async Task RecreateAsync(bool withStream, CancellationToken cancellationToken)
    {
        if (await DescribeAsync(cancellationToken) is not null) await DeleteAsync(cancellationToken);
        await CreateAsync(withStream, cancellationToken);
    }

    /// <summary>Deletes the table and waits until it is gone.</summary>
    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await client.DeleteTableAsync(new DeleteTableRequest { TableName = tableName }, cancellationToken);
        await WaitAsync(async () => await DescribeAsync(cancellationToken) is null, "deleted", cancellationToken);
    }

    /// <summary>Creates the table unless it exists; waits until it is ACTIVE.</summary>
    public async Task EnsureAsync(bool withStream, CancellationToken cancellationToken)
    {
        if (await DescribeAsync(cancellationToken) is null)
        {
            await CreateAsync(withStream, cancellationToken);
        }
        await WaitActiveAsync(cancellationToken);
    }

    public async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    public Task WaitActiveAsync(CancellationToken cancellationToken)
        => WaitAsync(async () => (await DescribeAsync(cancellationToken))?.TableStatus == TableStatus.ACTIVE, "ACTIVE", cancellationToken);

    /// <summary>
    /// Writes records 0 .. count-1 with BatchWriteItem, resending unprocessed items. An endpoint that
    /// does not know BatchWriteItem (UnknownOperationException) is loaded with PutItem instead.
    /// </summary>
    public async Task LoadAsync(long count, int concurrency, ItemValues values, BenchProgress progress, CancellationToken cancellationToken)
    {
        var batches = (count + BatchWriteItemsMax - 1) / BatchWriteItemsMax;
        long loaded = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(LongRange(batches), options, async (batch, ct) =>
        {
            var first = batch * BatchWriteItemsMax;
            var last = Math.Min(count, first + BatchWriteItemsMax);
            var random = new Random(unchecked((int)batch));
            var requests = new List<WriteRequest>();
            for (var record = first; record < last; record++)
            {
                var item = Indexes.Item(record, values.Next(random));
                if (Expires is var (name, seconds)) item[name] = new AttributeValue { N = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                requests.Add(new WriteRequest { PutRequest = new PutRequest { Item = item } });
            }
            await WriteBatchAsync(requests, ct);
            var done = Interlocked.Add(ref loaded, last - first);
            progress.Report($"loading {count:N0} records", (double)done / count);
        });
    }

    public static Dictionary<string, AttributeValue> Key(long record) => new()
    {
        [KeySpace.PartitionKeyName] = new AttributeValue { S = KeySpace.PartitionKey(record) },
        [KeySpace.SortKeyName] = new AttributeValue { N = KeySpace.SortKey(record).ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static Dictionary<string, AttributeValue> Item(long record, string data)
    {
        var item = Key(record);
        item[KeySpace.DataName] = new AttributeValue { S = data };
        return item;
    }

    private async Task CreateAsync(bool withStream, CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(KeySpace.PartitionKeyName, ScalarAttributeType.S),
                new AttributeDefinition(KeySpace.SortKeyName, ScalarAttributeType.N),
            ],
            KeySchema =
            [
                new KeySchemaElement(KeySpace.PartitionKeyName, KeyType.HASH),
                new KeySchemaElement(KeySpace.SortKeyName, KeyType.RANGE),
            ],
        };
        if (Indexes.Defined > 0)
        {
            request.AttributeDefinitions.AddRange(Enumerable.Range(1, Indexes.Defined).SelectMany(BenchIndexes.AttributeDefinitions));
            request.GlobalSecondaryIndexes = Indexes.DefinedIndexes();
        }
        if (withStream)
        {
            request.StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES };
        }
        await client.CreateTableAsync(request, cancellationToken);
        await WaitActiveAsync(cancellationToken);
    }

    private async Task WriteBatchAsync(List<WriteRequest> requests, CancellationToken cancellationToken)
    {
        if (!_batchWriteUnsupported)
        {
            try
            {
                await BatchWriteAsync(requests, cancellationToken);
                return;
            }
            catch (AmazonDynamoDBException error) when (error.ErrorCode == "UnknownOperationException")
            {
                _batchWriteUnsupported = true;
            }
        }
        foreach (var request in requests)
        {
            await client.PutItemAsync(new PutItemRequest { TableName = tableName, Item = request.PutRequest.Item }, cancellationToken);
        }
    }

    private async Task BatchWriteAsync(List<WriteRequest> requests, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, List<WriteRequest>> { [tableName] = requests };
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken);
            if (response.UnprocessedItems is null || response.UnprocessedItems.Count == 0) return;
            if (attempt == 20) throw new InvalidOperationException($"BatchWriteItem left items unprocessed after {attempt} retries.");
            pending = response.UnprocessedItems;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 10 << Math.Min(attempt, 6))), cancellationToken);
        }
    }

    private async Task WaitAsync(Func<Task<bool>> done, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + WaitMax;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Table {tableName} was not {what} within {WaitMax.TotalSeconds:F0} s.");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static IEnumerable<long> LongRange(long count)
    {
        for (long i = 0; i < count; i++) yield return i;
    }
}
