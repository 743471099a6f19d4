using System.Collections.Immutable;

namespace GlobalTables.Model.Replication;

/// <summary>
/// The writes whose data an image carries. A version vector alone cannot say this: a region's own
/// writes to an item can lose a merge there, and the region's next write then builds on the
/// winner's data, not on them. Those writes become a hole: a range of the region's stamps the
/// lineage skips. Holes appear only when a region's writes were dropped, so they stay few.
/// </summary>
public sealed class Lineage : IEquatable<Lineage>
{
    /// <summary>A range of one region's stamps, exclusive of <paramref name="After"/>, inclusive of <paramref name="UpTo"/>.</summary>
    public readonly record struct Hole(string Region, HlcStamp After, HlcStamp UpTo)
    {
        public bool Contains(Version v) => v.Region == Region && v.Stamp > After && v.Stamp <= UpTo;
    }

    public static readonly Lineage Empty = new(VersionVector.Empty, []);

    public VersionVector Base { get; }
    public ImmutableList<Hole> Holes { get; }

    public Lineage(VersionVector @base, ImmutableList<Hole> holes)
    {
        Base = @base;
        Holes = holes;
    }

    public bool Carries(Version v) => Base[v.Region] >= v.Stamp && !Holes.Any(h => h.Contains(v));

    /// <summary>
    /// The lineage of a write made here on top of an image with this lineage. <paramref name="seen"/> is the
    /// item's Context: its entry for the writing region is that region's last write to the item, so any of
    /// the region's writes above this lineage's base were dropped and become a hole.
    /// </summary>
    public Lineage Then(Version write, VersionVector seen)
    {
        var carried = Base[write.Region];
        var last = seen[write.Region];
        var holes = last > carried ? Holes.Add(new Hole(write.Region, carried, last)) : Holes;
        return new Lineage(Base.With(write), holes);
    }

    public bool Equals(Lineage? other) => other is not null && Base.Equals(other.Base) && Holes.SequenceEqual(other.Holes);
    public override bool Equals(object? obj) => Equals(obj as Lineage);
    public override int GetHashCode() => HashCode.Combine(Base, Holes.Count);
    public override string ToString() => Holes.IsEmpty ? Base.ToString() : $"{Base} minus {string.Join(",", Holes.Select(h => $"{h.Region}({h.After},{h.UpTo}]"))}";

    /// <summary>For events written before lineage was recorded: the Context, as it was then read.</summary>
    public static Lineage Of(VersionVector context) => new(context, []);
}
