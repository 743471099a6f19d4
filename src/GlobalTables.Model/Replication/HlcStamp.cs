namespace GlobalTables.Model.Replication;

/// <summary>A hybrid logical clock stamp: wall-clock milliseconds plus a logical counter.</summary>
public readonly record struct HlcStamp(long PhysicalMs, int Logical) : IComparable<HlcStamp>
{
    public int CompareTo(HlcStamp other)
    {
        int c = PhysicalMs.CompareTo(other.PhysicalMs);
        return c != 0 ? c : Logical.CompareTo(other.Logical);
    }

    public static bool operator <(HlcStamp a, HlcStamp b) => a.CompareTo(b) < 0;
    public static bool operator >(HlcStamp a, HlcStamp b) => a.CompareTo(b) > 0;
    public static bool operator <=(HlcStamp a, HlcStamp b) => a.CompareTo(b) <= 0;
    public static bool operator >=(HlcStamp a, HlcStamp b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{PhysicalMs}.{Logical}";
}
