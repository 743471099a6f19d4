namespace GlobalTables.Model.Replication;

/// <summary>
/// Issues stamps that never go backwards, stay close to wall time, and exceed every stamp observed.
/// Not thread-safe: each partition owns one.
/// </summary>
public sealed class HybridLogicalClock(TimeProvider time)
{
    HlcStamp _last;

    public HlcStamp Last => _last;

    /// <summary>A stamp above both the clock's last stamp and <paramref name="floor"/>.</summary>
    public HlcStamp Next(HlcStamp floor = default)
    {
        long now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var max = _last > floor ? _last : floor;
        _last = now > max.PhysicalMs ? new HlcStamp(now, 0) : new HlcStamp(max.PhysicalMs, max.Logical + 1);
        return _last;
    }

    /// <summary>Moves the clock past a stamp seen in a replicated or recovered write.</summary>
    public void Observe(HlcStamp seen)
    {
        if (seen > _last) _last = seen;
    }
}
