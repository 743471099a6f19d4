using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// Writes at a fixed rate (open loop) while a replication scenario runs: write n is due at
/// start + n / rate, so a slow reply does not lower the rate the server is asked for, as long as
/// enough workers are free. Each write is a PutItem, or a BatchWriteItem of <c>batch</c> items.
/// The records come from <paramref name="nextRecord"/>; the count and latency of acknowledged
/// items are kept in a <see cref="WorkerRecorder"/>.
/// </summary>
public sealed class SteadyWriter(IAmazonDynamoDB client, string table, ItemValues values, double ratePerSecond, int workers, int batch, Func<long, long> nextRecord)
    : IAsyncDisposable
{
    public const string OperationName = "put";
    static readonly TimeSpan UnprocessedRetryDelay = TimeSpan.FromMilliseconds(20);

    readonly CancellationTokenSource _stop = new();
    readonly WorkerRecorder[] _recorders = Enumerable.Range(0, workers).Select(_ => new WorkerRecorder()).ToArray();
    Task[] _tasks = [];
    long _claimed;
    long _acknowledged;
    long _started;
    long _lastAcknowledgedRecord = -1;

    /// <summary>The keys of these GSIs go in every item written.</summary>
    public BenchIndexes Indexes { get; init; } = BenchIndexes.None;

    /// <summary>Told each record as soon as its write is acknowledged, on the writer's own worker: it must return at once.</summary>
    public Action<long>? Written { get; init; }

    /// <summary>Overwrites of loaded records 0 .. records-1, spread over the key space by a multiplicative hash.</summary>
    public static Func<long, long> Overwrites(long records) => slot => (long)(unchecked((ulong)slot * 0x9E3779B97F4A7C15UL) % (ulong)records);

    /// <summary>Items acknowledged so far.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>The record of the newest acknowledged write; -1 before the first.</summary>
    public long LastAcknowledgedRecord => Interlocked.Read(ref _lastAcknowledgedRecord);

    public void Start()
    {
        _started = Stopwatch.GetTimestamp();
        _tasks = Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkAsync(i, _stop.Token))).ToArray();
    }

    async Task WorkAsync(int index, CancellationToken ct)
    {
        var random = new Random(BenchRunner.WorkerSeed(7919, index));
        var recorder = _recorders[index];
        while (!ct.IsCancellationRequested)
        {
            var slot = Interlocked.Increment(ref _claimed) - 1;
            var due = TimeSpan.FromSeconds(slot * batch / ratePerSecond) - Stopwatch.GetElapsedTime(_started);
            try
            {
                if (due > TimeSpan.Zero) await Task.Delay(due, ct);
                var records = Enumerable.Range(0, batch).Select(i => nextRecord(slot * batch + i)).ToList();
                var started = Stopwatch.GetTimestamp();
                await WriteAsync(records, random, ct);
                lock (recorder) recorder.RecordSuccess(OperationName, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, records.Count);
                if (Written is { } written) foreach (var record in records) written(record);
                Interlocked.Add(ref _acknowledged, records.Count);
                long last;
                while ((last = Interlocked.Read(ref _lastAcknowledgedRecord)) < records[^1] &&
                       Interlocked.CompareExchange(ref _lastAcknowledgedRecord, records[^1], last) != last) { }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                lock (recorder) recorder.RecordError(OperationName, error);
            }
        }
    }

    async Task WriteAsync(List<long> records, Random random, CancellationToken ct)
    {
        if (records.Count == 1)
        {
            await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Indexes.Item(records[0], values.Next(random)) }, ct);
            return;
        }
        var pending = new Dictionary<string, List<WriteRequest>>
        {
            [table] = records.Select(r => new WriteRequest { PutRequest = new PutRequest { Item = Indexes.Item(r, values.Next(random)) } }).ToList(),
        };
        while (true)
        {
            var response = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, ct);
            if (response.UnprocessedItems is not { Count: > 0 }) return;
            pending = response.UnprocessedItems;
            await Task.Delay(UnprocessedRetryDelay, ct);
        }
    }

    /// <summary>Stops the workers (an in-flight write is cancelled) and returns their recorders.</summary>
    public async Task<WorkerRecorder[]> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
        return _recorders;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
