namespace GlobalTables.Model.Replication;

/// <summary>
/// A write's identity and rank: a hybrid logical clock stamp plus the region it came from.
/// Totally ordered: by stamp, then by region name, which decides last-writer-wins.
/// </summary>
public readonly record struct Version(HlcStamp Stamp, string Region) : IComparable<Version>
{
    public int CompareTo(Version other)
    {
        int c = Stamp.CompareTo(other.Stamp);
        return c != 0 ? c : string.CompareOrdinal(Region, other.Region);
    }

    public static bool operator <(Version a, Version b) => a.CompareTo(b) < 0;
    public static bool operator >(Version a, Version b) => a.CompareTo(b) > 0;

    public override string ToString() => $"{Stamp}@{Region}";
}
