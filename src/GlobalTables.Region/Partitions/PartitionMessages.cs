using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Region.Partitions;

/// <summary>Addresses a message to one partition entity through cluster sharding.</summary>
public sealed record PartitionEnvelope(string EntityId, object Message);

/// <summary>Decide, persist and apply one write; replies a <see cref="WriteDecision"/>.</summary>
public sealed record WriteItem(WriteRequest Request);

/// <summary>Reads one item after every write already accepted; replies <see cref="ItemRead"/>.</summary>
public sealed record ReadItem(ItemKey Key);

/// <summary>A restore's puts into its new table, on distinct keys, persisted as one atomic write (docs/backups.md).</summary>
public sealed record LoadItems(IReadOnlyList<PutRequest> Puts);

/// <summary>The journal has every item of a <see cref="LoadItems"/>.</summary>
public sealed record ItemsLoaded(int Count);

/// <summary>
/// An item as its partition holds it: the image still encoded (null when there is no item), so that the partition
/// decodes nothing and a read without a projection writes it out from its bytes (<see cref="EncodedItemJson"/>).
/// </summary>
/// <param name="SizeBytes">The item's DynamoDB size; 0 when there is none.</param>
public sealed record ItemRead(ReadOnlyMemory<byte>? EncodedImage, int SizeBytes) : Serialization.IGlobalTablesMessage
{
    public static ItemRead Of(StoredItem? item) => item is null || item.IsTombstone ? new(null, 0) : new(item.EncodedImage, item.SizeBytes);

    /// <summary>The image, decoded anew on each read: read it once per use.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, AttributeValue>? Image => EncodedImage is { } encoded ? AttributeValueBinary.DecodeItem(encoded.Span) : null;
}

/// <summary>Asks for ItemCount and TableSizeBytes; replies <see cref="PartitionStats"/>.</summary>
public sealed record GetPartitionStats
{
    public static readonly GetPartitionStats Instance = new();
}

/// <param name="WaitingCommands">Commands waiting for an unconfirmed write on their item.</param>
public sealed record PartitionStats(long ItemCount, long SizeBytes, int WaitingCommands = 0, IReadOnlyList<IndexStats>? Indexes = null);

/// <summary>Starts the partition if it is not running, so its background work runs (<see cref="PartitionStarter"/>); no reply.</summary>
public sealed record StartPartition
{
    public static readonly StartPartition Instance = new();
}

/// <summary>Deletes the partition's journal and stops it, when its table is deleted; replies <see cref="PartitionDropped"/>.</summary>
public sealed record DropPartition
{
    public static readonly DropPartition Instance = new();
}

public sealed record PartitionDropped(string EntityId);

/// <summary>
/// From the catalog: keep entries for these secondary indexes (docs/indexes.md). Persisted, then applied, which builds a
/// new index from the items held; replies <see cref="IndexesReady"/> once done.
/// </summary>
public sealed record DefineIndexes(IndexesDefined Indexes);

/// <param name="Indexes">Each index's item count and size in this partition.</param>
public sealed record IndexesReady(string EntityId, IReadOnlyList<IndexStats> Indexes);

public sealed record IndexStats(string Name, long ItemCount, long SizeBytes);

/// <summary>Asks for each index's recent lags here; replies <see cref="IndexLags"/>.</summary>
public sealed record GetIndexLags
{
    public static readonly GetIndexLags Instance = new();
}

/// <param name="Lags">Per index: the recent lags in ms, how many were ever recorded, and the last.</param>
public sealed record IndexLags(IReadOnlyList<(string Index, double[] RecentMs, long Count, double LastMs)> Lags);

/// <summary>One index's lag in a region: p50 and p99 over the recent samples, the largest last one, and how many were recorded.</summary>
public sealed record IndexLag(string Table, string Index, double P50Ms, double P99Ms, double LastMs, long Samples);
