using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// What a partition decided for a write: an event to persist (null when nothing changes),
/// the attributes to return, and the sizes that capacity is charged on; or an error.
/// </summary>
/// <param name="IndexUnits">The write units each secondary index consumed, for the indexes that consumed any.</param>
/// <param name="Collection">The item collection the write leaves, on a table with a local index.</param>
public sealed record WriteDecision(
    ItemChanged? Change,
    IReadOnlyDictionary<string, AttributeValue>? Attributes,
    int OldSizeBytes,
    int NewSizeBytes,
    DynamoException? Error = null,
    IReadOnlyList<IndexCapacity>? IndexUnits = null,
    ItemCollectionSize? Collection = null)
{
    public static WriteDecision Failed(DynamoException error) => new(null, null, 0, 0, error);

    /// <summary>The table's own write units, without its indexes'.</summary>
    public double TableUnits => CapacityUnits.ForWrite(OldSizeBytes, NewSizeBytes);

    /// <summary>What the write consumed on <paramref name="table"/> and its indexes.</summary>
    public ConsumedCapacity Consumed(string table) => new(table, TableUnits, IndexUnits ?? []);
}
