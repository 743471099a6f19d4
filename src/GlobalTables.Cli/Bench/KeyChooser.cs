namespace GlobalTables.Cli.Bench;

public enum KeyDistribution
{
    Zipfian,
    Uniform,
}

/// <summary>Picks the record an operation touches. One instance per worker; not thread-safe.</summary>
public abstract class KeyChooser
{
    public abstract long Next(Random random);

    public static KeyChooser Create(KeyDistribution distribution, ZipfianGenerator zipfian) => distribution switch
    {
        KeyDistribution.Uniform => new UniformKeyChooser(zipfian.ItemCount),
        KeyDistribution.Zipfian => new ScrambledZipfianKeyChooser(zipfian),
        _ => throw new ArgumentOutOfRangeException(nameof(distribution), distribution, null),
    };
}

public sealed class UniformKeyChooser(long itemCount) : KeyChooser
{
    public override long Next(Random random) => random.NextInt64(itemCount);
}

/// <summary>
/// YCSB's scrambled zipfian: the popular items are spread over the key space by an FNV hash,
/// so the hot records do not all sit in the first partitions.
/// </summary>
public sealed class ScrambledZipfianKeyChooser(ZipfianGenerator zipfian) : KeyChooser
{
    public override long Next(Random random) => (long)(Fnv64(zipfian.Next(random)) % (ulong)zipfian.ItemCount);

    public static ulong Fnv64(long value)
    {
        const ulong offsetBasis = 0xCBF29CE484222325;
        const ulong prime = 1099511628211;
        var hash = offsetBasis;
        var remaining = value;
        for (var i = 0; i < 8; i++)
        {
            hash ^= (ulong)(remaining & 0xFF);
            hash *= prime;
            remaining >>= 8;
        }
        return hash;
    }
}

/// <summary>
/// YCSB's skewed-latest (workload D): the most recently inserted records are the most popular.
/// Reads only records whose insert was acknowledged.
/// </summary>
public sealed class LatestKeyChooser(InsertCounter inserts, ZipfianGenerator zipfian) : KeyChooser
{
    private ZipfianGenerator _zipfian = zipfian;

    public override long Next(Random random)
    {
        var count = inserts.AcknowledgedCount;
        _zipfian = _zipfian.WithItemCount(count);
        return count - 1 - _zipfian.Next(random);
    }
}
