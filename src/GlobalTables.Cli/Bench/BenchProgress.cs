namespace GlobalTables.Cli.Bench;

/// <summary>What the bench is doing now, read by the progress bar from another thread.</summary>
public sealed class BenchProgress
{
    private long _fractionBits;
    private volatile string _phase = "starting";

    public string Phase => _phase;

    /// <summary>Done share of the current phase, in [0, 1].</summary>
    public double Fraction => BitConverter.Int64BitsToDouble(Interlocked.Read(ref _fractionBits));

    public void Report(string phase, double fraction)
    {
        _phase = phase;
        Interlocked.Exchange(ref _fractionBits, BitConverter.DoubleToInt64Bits(Math.Clamp(fraction, 0, 1)));
    }
}
