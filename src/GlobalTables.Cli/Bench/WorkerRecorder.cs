using HdrHistogram;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// One worker's latencies (microseconds) and error counts, merged by the runner at the end.
/// Not thread-safe: one per worker.
/// </summary>
public sealed class WorkerRecorder
{
    /// <summary>One hour in microseconds: anything slower is clamped.</summary>
    public const long LatencyUsMax = 3_600_000_000;
    public const int SignificantDigits = 3;

    public Dictionary<string, LongHistogram> Operations { get; } = [];
    public Dictionary<string, long> OperationCounts { get; } = [];
    public Dictionary<string, long> OperationErrors { get; } = [];
    public Dictionary<string, LongHistogram> Lags { get; } = [];
    public Dictionary<string, long> ErrorMessages { get; } = [];

    public static LongHistogram NewHistogram() => new(LatencyUsMax, SignificantDigits);

    public void RecordSuccess(string operation, long latencyUs, int count)
    {
        Histogram(Operations, operation).RecordValue(Math.Clamp(latencyUs, 0, LatencyUsMax));
        OperationCounts[operation] = OperationCounts.GetValueOrDefault(operation) + count;
    }

    public void RecordError(string operation, Exception error)
    {
        OperationErrors[operation] = OperationErrors.GetValueOrDefault(operation) + 1;
        var message = error.Message.Length > 200 ? error.Message[..200] : error.Message;
        var key = $"{operation}: {error.GetType().Name}: {message}";
        ErrorMessages[key] = ErrorMessages.GetValueOrDefault(key) + 1;
    }

    /// <summary>A recorder holding one failure: how a scenario reports a check that failed after it measured.</summary>
    public static WorkerRecorder Failure(string operation, string message)
    {
        var recorder = new WorkerRecorder();
        recorder.RecordError(operation, new InvalidOperationException(message));
        return recorder;
    }

    /// <summary>Replication lag to one region, from the write's acknowledgement to the first read that sees it.</summary>
    public void RecordLag(string region, long lagUs) => Histogram(Lags, region).RecordValue(Math.Clamp(lagUs, 0, LatencyUsMax));

    private static LongHistogram Histogram(Dictionary<string, LongHistogram> histograms, string name)
    {
        if (!histograms.TryGetValue(name, out var histogram))
        {
            histogram = NewHistogram();
            histograms[name] = histogram;
        }
        return histogram;
    }
}
