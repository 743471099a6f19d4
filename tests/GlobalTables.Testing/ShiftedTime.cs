namespace GlobalTables.Testing;

/// <summary>The system clock moved by an offset the test sets: expiry, trimming and retention without waiting hours.</summary>
public sealed class ShiftedTime : TimeProvider
{
    long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
