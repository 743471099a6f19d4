using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// An item collection as a write leaves it, for ReturnItemCollectionMetrics SIZE: its partition-key value, and its
/// size in bytes, its items' and their local index entries'.
/// </summary>
public sealed record ItemCollectionSize(AttributeValue PartitionKey, long SizeBytes)
{
    public const long BytesPerGB = 1L << 30;

    /// <summary>DynamoDB's SizeEstimateRangeGB: the whole gigabytes at or below the size, and the next one.</summary>
    public (double Lower, double Upper) SizeEstimateRangeGB => (SizeBytes / BytesPerGB, SizeBytes / BytesPerGB + 1);
}
