using System.Collections.Immutable;

namespace GlobalTables.Model.Replication;

/// <summary>
/// An item's Context: for each region, the newest stamp from that region the item has absorbed.
/// Decides whether two writes were concurrent.
/// </summary>
public sealed class VersionVector : IEquatable<VersionVector>
{
    public static readonly VersionVector Empty = new(ImmutableSortedDictionary<string, HlcStamp>.Empty.WithComparers(StringComparer.Ordinal));

    public ImmutableSortedDictionary<string, HlcStamp> Entries { get; }

    VersionVector(ImmutableSortedDictionary<string, HlcStamp> entries) => Entries = entries;

    public static VersionVector From(IEnumerable<KeyValuePair<string, HlcStamp>> entries) =>
        new(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, entries));

    public HlcStamp this[string region] => Entries.TryGetValue(region, out var s) ? s : default;

    public VersionVector With(Version version) =>
        this[version.Region] >= version.Stamp ? this : new(Entries.SetItem(version.Region, version.Stamp));

    /// <summary>Pointwise max.</summary>
    public VersionVector Merge(VersionVector other)
    {
        var b = Entries.ToBuilder();
        foreach (var (r, s) in other.Entries)
            if (!b.TryGetValue(r, out var mine) || s > mine) b[r] = s;
        return new(b.ToImmutable());
    }

    /// <summary>True when every entry of <paramref name="other"/> is at or below this one's.</summary>
    public bool Covers(VersionVector other) => other.Entries.All(kv => this[kv.Key] >= kv.Value);

    public bool Equals(VersionVector? other) =>
        other is not null && Entries.Count == other.Entries.Count && Covers(other) && other.Covers(this);

    public override bool Equals(object? obj) => Equals(obj as VersionVector);
    public override int GetHashCode() => Entries.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value));
    public override string ToString() => "{" + string.Join(",", Entries.Select(kv => $"{kv.Key}:{kv.Value}")) + "}";
}
