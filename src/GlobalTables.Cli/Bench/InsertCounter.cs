namespace GlobalTables.Cli.Bench;

/// <summary>
/// Hands out new record numbers for inserts and tracks how many leading records are acknowledged,
/// like YCSB's AcknowledgedCounterGenerator: reads never pick a record whose insert is still in flight.
/// Thread-safe.
/// </summary>
public sealed class InsertCounter(long loadedRecords)
{
    private readonly Lock _lock = new();
    private readonly SortedSet<long> _acknowledgedAhead = [];
    private long _next = loadedRecords;
    private long _acknowledgedCount = loadedRecords;

    /// <summary>Records 0 .. AcknowledgedCount-1 are all written.</summary>
    public long AcknowledgedCount => Volatile.Read(ref _acknowledgedCount);

    public long Claim() => Interlocked.Increment(ref _next) - 1;

    public void Acknowledge(long record)
    {
        lock (_lock)
        {
            if (record != _acknowledgedCount)
            {
                _acknowledgedAhead.Add(record);
                return;
            }
            var count = record + 1;
            while (_acknowledgedAhead.Remove(count)) count++;
            Volatile.Write(ref _acknowledgedCount, count);
        }
    }
}
