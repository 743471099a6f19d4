using System.Diagnostics;
using Amazon.DynamoDBv2;
using HdrHistogram;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// gsi-lag's client-side measure of index lag: once started, for 1 in <see cref="SampleEvery"/> acknowledged writes
/// (a <see cref="SteadyWriter.Written"/> hook) it Queries the index for that item's own index key until the item is
/// there, and records the time from the acknowledgement to the first Query that finds it. Every write is a new item,
/// so the index cannot show an older version of it. Each probe runs on its own task, off the writer's workers, so
/// the writer keeps its rate. The probes' Queries load the server too, and ask every partition.
/// </summary>
public sealed class IndexVisibilityProbe(IAmazonDynamoDB client, string table, BenchIndexes indexes, int index)
{
    public const int SampleEvery = 50;
    /// <summary>As the replication workload polls for arrival: the figure is the delay, so the poll must be finer.</summary>
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);
    static readonly TimeSpan WaitMax = TimeSpan.FromSeconds(30);
    const string OperationName = "gsi-visibility";

    readonly CancellationTokenSource _stop = new();
    readonly WorkerRecorder _recorder = new();
    readonly List<Task> _probes = [];
    volatile bool _sampling;

    public string LagName => BenchIndexes.IndexName(index) + " (Query)";

    /// <summary>Samples the writes acknowledged from now on.</summary>
    public void Start() => _sampling = true;

    /// <summary>The writer's hook: starts a probe for a sampled record and returns at once.</summary>
    public void Written(long record)
    {
        if (!_sampling || record % SampleEvery != 0) return;
        var acknowledged = Stopwatch.GetTimestamp();
        lock (_probes) _probes.Add(Task.Run(() => ProbeAsync(record, acknowledged, _stop.Token)));
    }

    async Task ProbeAsync(long record, long acknowledged, CancellationToken ct)
    {
        var request = indexes.Query(table, index, record, exactItem: true);
        while (true)
        {
            try
            {
                if ((await client.QueryAsync(request, ct)).Count > 0)
                {
                    lock (_recorder) _recorder.RecordLag(LagName, (long)Stopwatch.GetElapsedTime(acknowledged).TotalMicroseconds);
                    return;
                }
                if (Stopwatch.GetElapsedTime(acknowledged) > WaitMax)
                    throw new TimeoutException($"record {record} was not in {BenchIndexes.IndexName(index)} {WaitMax.TotalSeconds:F0} s after its PutItem");
                await Task.Delay(PollInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Still polling when the run ended: neither seen nor lost.
                return;
            }
            catch (Exception error)
            {
                lock (_recorder) _recorder.RecordError(OperationName, error);
                return;
            }
        }
    }

    /// <summary>Stops sampling, ends the probes still polling, and returns what they recorded.</summary>
    public async Task<WorkerRecorder> StopAsync()
    {
        _sampling = false;
        await _stop.CancelAsync();
        Task[] probes;
        lock (_probes) probes = [.. _probes];
        await Task.WhenAll(probes);
        _stop.Dispose();
        return _recorder;
    }

    /// <summary>The delays seen so far (read after <see cref="StopAsync"/>).</summary>
    public LongHistogram Delays => _recorder.Lags.GetValueOrDefault(LagName) ?? WorkerRecorder.NewHistogram();

    public long Failures => _recorder.OperationErrors.GetValueOrDefault(OperationName);
}
