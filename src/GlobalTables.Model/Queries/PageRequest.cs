using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;

namespace GlobalTables.Model.Queries;

/// <summary>
/// What one partition reads for a Query or Scan page: the key range (a key condition, or the whole
/// partition), where to resume, and how much is left of the page's Limit and 1 MB.
/// </summary>
/// <param name="KeyCondition">The Query's key condition, settled against the key schema; null for a Scan.</param>
/// <param name="ExclusiveStartKey">Resume after this key (in the walk's direction).</param>
/// <param name="Forward">ScanIndexForward; always true for a Scan.</param>
/// <param name="LimitRemaining">Items still to evaluate before the page ends; null without a Limit.</param>
/// <param name="BytesRemaining">Bytes of the 1 MB page left, measured on stored item sizes before the filter.</param>
/// <param name="PageIsEmpty">True when no item is on the page yet: one item is taken even when it is bigger than what is left.</param>
/// <param name="Segment">For a parallel scan that splits partitions: only this segment's keys.</param>
/// <param name="Index">The secondary index to walk instead of the table, with where to resume in it.</param>
public sealed record PageRequest(
    KeyConditionExpression? KeyCondition,
    ItemKey? ExclusiveStartKey,
    bool Forward,
    int? LimitRemaining,
    long BytesRemaining,
    bool PageIsEmpty,
    ConditionExpression? Filter,
    ProjectionExpression? Projection,
    bool CountOnly,
    ScanSegment? Segment = null,
    IndexRead? Index = null);

/// <summary>
/// A page read from a secondary index: its name, the index key to resume after (with the table's, ExclusiveStartKey),
/// whether items are read whole from the table (an LSI asked for attributes it does not project), and whether each
/// scanned entry comes back on its own, for a GSI page merged from every partition.
/// </summary>
public sealed record IndexRead(string Name, ItemKey? ExclusiveStartIndexKey, bool FetchFromTable, bool KeepEntries);

/// <summary>One entry a partition scanned for a merged GSI page: its place, its size, and the item when it passed the filter.</summary>
public sealed record ScannedEntry(Indexes.IndexEntry Position, int Size, IReadOnlyDictionary<string, AttributeValue>? Item, bool Matched);

/// <summary>
/// A partition's part of a page: the matching items (projected; none when counting), Count and
/// ScannedCount, the bytes read (for capacity and the 1 MB limit), the last key evaluated, and
/// whether the page filled up (Limit or 1 MB) before the range ended.
/// </summary>
/// <param name="LastEvaluatedIndexKey">On an index, the index key of the last entry evaluated.</param>
/// <param name="FetchedUnits">Reads of whole items from the table, in 4 KB units, which an LSI page adds to its cost.</param>
/// <param name="Entries">Every entry scanned, when the request keeps them.</param>
public sealed record PartitionPage(
    IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>> Items,
    int Count,
    int ScannedCount,
    long ScannedBytes,
    ItemKey? LastEvaluatedKey,
    bool Full,
    ItemKey? LastEvaluatedIndexKey = null,
    long FetchedUnits = 0,
    IReadOnlyList<ScannedEntry>? Entries = null);
