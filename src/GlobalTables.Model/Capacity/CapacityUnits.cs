namespace GlobalTables.Model.Capacity;

/// <summary>DynamoDB's capacity-unit arithmetic.</summary>
public static class CapacityUnits
{
    /// <summary>Write units: one per started KB of the larger of the old and new item, at least one.</summary>
    public static double ForWrite(int oldSizeBytes, int newSizeBytes)
    {
        int size = Math.Max(oldSizeBytes, newSizeBytes);
        return Math.Max(1, (size + Limits.WriteUnitBytes - 1) / Limits.WriteUnitBytes);
    }

    /// <summary>Read units: one per started 4 KB, halved for eventually consistent reads; an absent item costs the minimum.</summary>
    public static double ForRead(long sizeBytes, bool consistent)
    {
        double units = Math.Max(1, (sizeBytes + Limits.ReadUnitBytes - 1) / Limits.ReadUnitBytes);
        return consistent ? units : units / 2;
    }
}
