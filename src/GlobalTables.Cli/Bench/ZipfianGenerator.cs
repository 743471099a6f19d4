namespace GlobalTables.Cli.Bench;

/// <summary>
/// YCSB's zipfian generator (Gray et al., "Quickly generating billion-record synthetic databases"):
/// item 0 is the most popular. Immutable, so workers share one and pass their own <see cref="Random"/>.
/// <see cref="WithItemCount"/> grows the item count by extending zeta incrementally, as YCSB does.
/// </summary>
public sealed class ZipfianGenerator
{
    public const double ZipfianConstant = 0.99;

    private readonly double _theta;
    private readonly double _zeta2Theta;
    private readonly double _alpha;
    private readonly double _zetaN;
    private readonly double _eta;

    public long ItemCount { get; }

    public ZipfianGenerator(long itemCount, double theta = ZipfianConstant)
        : this(itemCount, theta, Zeta(0, itemCount, theta, 0))
    {
    }

    private ZipfianGenerator(long itemCount, double theta, double zetaN)
    {
        if (itemCount < 1) throw new ArgumentOutOfRangeException(nameof(itemCount), itemCount, "At least one item.");
        if (theta <= 0 || theta >= 1) throw new ArgumentOutOfRangeException(nameof(theta), theta, "Theta lies in (0, 1).");
        ItemCount = itemCount;
        _theta = theta;
        _zetaN = zetaN;
        _zeta2Theta = Zeta(0, 2, theta, 0);
        _alpha = 1.0 / (1.0 - theta);
        _eta = (1 - Math.Pow(2.0 / itemCount, 1 - theta)) / (1 - _zeta2Theta / zetaN);
    }

    /// <summary>The same distribution over more items; zeta is extended, not recomputed.</summary>
    public ZipfianGenerator WithItemCount(long itemCount)
    {
        if (itemCount == ItemCount) return this;
        if (itemCount < ItemCount) return new ZipfianGenerator(itemCount, _theta);
        return new ZipfianGenerator(itemCount, _theta, Zeta(ItemCount, itemCount, _theta, _zetaN));
    }

    /// <summary>A value in [0, ItemCount), 0 the most likely.</summary>
    public long Next(Random random)
    {
        var u = random.NextDouble();
        var uz = u * _zetaN;
        if (uz < 1.0) return 0;
        if (uz < 1.0 + Math.Pow(0.5, _theta)) return Math.Min(1, ItemCount - 1);
        var value = (long)(ItemCount * Math.Pow(_eta * u - _eta + 1, _alpha));
        return Math.Clamp(value, 0, ItemCount - 1);
    }

    private static double Zeta(long start, long count, double theta, double initialSum)
    {
        var sum = initialSum;
        for (var i = start; i < count; i++)
        {
            sum += 1 / Math.Pow(i + 1, theta);
        }
        return sum;
    }
}
