namespace GlobalTables.Region.Replication;

/// <summary>Replication latency of one link (source to destination) over its last samples, and what is still in flight.</summary>
public sealed class ReplicationMetrics
{
    const int SamplesMax = 8192;
    readonly double[] _samples = new double[SamplesMax];
    long _count;
    long _pending;
    double _last;

    public void Record(double latencyMs)
    {
        lock (_samples)
        {
            _samples[_count % SamplesMax] = latencyMs;
            _count++;
            _last = latencyMs;
        }
    }

    public void Sent() => Interlocked.Increment(ref _pending);
    public void Settled() => Interlocked.Decrement(ref _pending);

    /// <param name="backlog">This table's writes here that the destination has not acknowledged (see <see cref="ReplicationLink.Snapshot"/>).</param>
    public ReplicationLatency Snapshot(long backlog)
    {
        double[] window;
        long count;
        double last;
        lock (_samples)
        {
            count = _count;
            last = _last;
            window = _samples.Take((int)Math.Min(count, SamplesMax)).ToArray();
        }
        Array.Sort(window);
        double At(double q) => window.Length == 0 ? 0 : window[Math.Min(window.Length - 1, (int)(q * window.Length))];
        return new ReplicationLatency(At(0.50), At(0.99), last, count, Interlocked.Read(ref _pending), backlog);
    }
}

/// <summary>ReplicationLatency of one link: p50, p99 and last in ms, samples, in-flight pushes, and the backlog in writes.</summary>
public sealed record ReplicationLatency(double P50Ms, double P99Ms, double LastMs, long Samples, long Pending, long Backlog);
