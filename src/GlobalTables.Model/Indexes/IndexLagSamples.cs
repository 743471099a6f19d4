namespace GlobalTables.Model.Indexes;

/// <summary>
/// The most recent lags of one index in one partition, in milliseconds: from a change's HLC stamp (when its region
/// decided it) to its entry here. Not state: a restart starts it empty.
/// </summary>
public sealed class IndexLagSamples
{
    public const int SamplesMax = 512;
    readonly double[] _samples = new double[SamplesMax];

    /// <summary>Every sample ever recorded; the ring keeps the last <see cref="SamplesMax"/>.</summary>
    public long Count { get; private set; }
    public double LastMs { get; private set; }

    public void Record(double lagMs)
    {
        _samples[Count % SamplesMax] = lagMs;
        Count++;
        LastMs = lagMs;
    }

    /// <summary>The samples the ring holds, oldest first or not: their order does not matter to a percentile.</summary>
    public double[] Recent() => _samples.Take((int)Math.Min(Count, SamplesMax)).ToArray();

    /// <summary>The q-quantile (0 to 1) of <paramref name="samples"/>, which it sorts; 0 without samples.</summary>
    public static double Quantile(double[] samples, double q)
    {
        if (samples.Length == 0) return 0;
        Array.Sort(samples);
        return samples[Math.Min(samples.Length - 1, (int)(q * samples.Length))];
    }
}
