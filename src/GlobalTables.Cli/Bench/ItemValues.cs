namespace GlobalTables.Cli.Bench;

/// <summary>Makes the <c>data</c> attribute values: random letters, <see cref="SizeBytes"/> long. Thread-safe.</summary>
public sealed class ItemValues
{
    private readonly string _source;

    public int SizeBytes { get; }

    public ItemValues(int sizeBytes, int seed)
    {
        SizeBytes = sizeBytes;
        var random = new Random(seed);
        _source = string.Create(sizeBytes * 2, random, static (span, r) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = (char)('a' + r.Next(26));
        });
    }

    /// <summary>A value of <see cref="SizeBytes"/> letters at a random offset of the source.</summary>
    public string Next(Random random) => _source.Substring(random.Next(SizeBytes + 1), SizeBytes);
}
