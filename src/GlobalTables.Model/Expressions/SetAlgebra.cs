namespace GlobalTables.Model.Expressions;

/// <summary>Union and difference of DynamoDB sets, keeping the existing elements' order.</summary>
internal static class SetAlgebra
{
    public static readonly IEqualityComparer<byte[]> Bytes = new ByteArrayComparer();

    public static List<T> Union<T>(IReadOnlyList<T> existing, IReadOnlyList<T> added, IEqualityComparer<T> comparer)
    {
        var result = new List<T>(existing.Count + added.Count);
        var seen = new HashSet<T>(comparer);
        foreach (var e in existing) if (seen.Add(e)) result.Add(e);
        foreach (var e in added) if (seen.Add(e)) result.Add(e);
        return result;
    }

    public static List<T> Difference<T>(IReadOnlyList<T> existing, IReadOnlyList<T> removed, IEqualityComparer<T> comparer)
    {
        var drop = new HashSet<T>(removed, comparer);
        var result = new List<T>(existing.Count);
        foreach (var e in existing) if (!drop.Contains(e)) result.Add(e);
        return result;
    }

    sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
