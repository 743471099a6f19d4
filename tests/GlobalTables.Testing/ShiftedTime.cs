namespace GlobalTables.Testing;

/// <summary>The system clock moved on by an offset the test sets: iterator expiry and trimming without waiting hours.</summary>
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
