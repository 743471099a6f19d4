using GlobalTables.Model.Items;

namespace GlobalTables.Model.Queries;

/// <summary>
/// One segment of a parallel scan, as a range of the table's partitions. When there are more
/// segments than partitions, the segments that share a partition split it by a second hash of the
/// partition key, so every item is in exactly one segment for any TotalSegments.
/// </summary>
public sealed record ScanSegment(int Segment, int TotalSegments, int PartitionCount)
{
    /// <summary>The whole table as one segment.</summary>
    public static ScanSegment Whole(int partitionCount) => new(0, 1, partitionCount);

    /// <summary>The first partition this segment reads.</summary>
    public int FirstPartition => (int)((long)Segment * PartitionCount / TotalSegments);

    /// <summary>One past the last partition this segment reads.</summary>
    public int EndPartition => TotalSegments <= PartitionCount
        ? (int)((long)(Segment + 1) * PartitionCount / TotalSegments)
        : FirstPartition + 1;

    /// <summary>True when this segment shares its one partition with other segments.</summary>
    public bool SplitsPartition => TotalSegments > PartitionCount;

    public bool ContainsPartition(int partition) => partition >= FirstPartition && partition < EndPartition;

    /// <summary>Whether a key of one of this segment's partitions belongs to this segment.</summary>
    public bool Contains(ItemKey key)
    {
        int partition = key.PartitionOf(PartitionCount);
        if (!ContainsPartition(partition)) return false;
        if (!SplitsPartition) return true;
        var (first, count) = SegmentsOf(partition);
        return first + SubBucketOf(key, count) == Segment;
    }

    /// <summary>The segments that read a partition when segments outnumber partitions: the first one and how many.</summary>
    (int First, int Count) SegmentsOf(int partition)
    {
        // Segment s reads partition floor(s * P / T); the first s with floor(s * P / T) >= p is ceil(p * T / P).
        long first = ((long)partition * TotalSegments + PartitionCount - 1) / PartitionCount;
        long next = ((long)(partition + 1) * TotalSegments + PartitionCount - 1) / PartitionCount;
        return ((int)first, (int)(next - first));
    }

    /// <summary>A hash of the partition key independent of the partition hash (FNV-1a with another offset).</summary>
    static int SubBucketOf(ItemKey key, int count)
    {
        var bytes = key.PartitionKey.Type switch
        {
            Attributes.AttributeType.S => System.Text.Encoding.UTF8.GetBytes(key.PartitionKey.S),
            Attributes.AttributeType.N => System.Text.Encoding.UTF8.GetBytes(key.PartitionKey.N.ToString()),
            _ => key.PartitionKey.B,
        };
        uint hash = 2166136261 ^ 0x9E3779B9;
        foreach (var b in bytes) { hash ^= b; hash *= 16777619; }
        hash ^= hash >> 15;
        hash *= 0x2C1B3C6D;
        hash ^= hash >> 12;
        return (int)(hash % (uint)count);
    }
}
