using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;

namespace GlobalTables.Model.Queries;

/// <summary>
/// Puts one Query or Scan page together from partition pages, in the table's stable order:
/// partition number, then key order inside the partition. The caller asks <see cref="Next"/> which
/// partition to read and with what request, hands the answer to <see cref="Add"/>, and repeats
/// until Next returns null. A Query reads the one partition that owns its partition key.
/// </summary>
public sealed class PageAssembler : IQueryPage
{
    readonly List<IReadOnlyDictionary<string, AttributeValue>> _items = [];
    readonly KeyConditionExpression? _keyCondition;
    readonly bool _forward;
    readonly int? _limit;
    readonly ConditionExpression? _filter;
    readonly ProjectionExpression? _projection;
    readonly bool _countOnly;
    readonly ScanSegment? _segment;
    readonly IndexRead? _index;
    readonly int _endPartition;
    int _partition;
    ItemKey? _resumeAfter;
    ItemKey? _resumeAfterIndexKey;
    bool _done;

    public int Count { get; private set; }
    public int ScannedCount { get; private set; }
    public long ScannedBytes { get; private set; }
    public ItemKey? LastEvaluatedKey { get; private set; }
    public ItemKey? LastEvaluatedIndexKey { get; private set; }
    public long FetchedUnits { get; private set; }
    public IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>> Items => _items;

    PageAssembler(KeyConditionExpression? keyCondition, bool forward, int? limit, ConditionExpression? filter, ProjectionExpression? projection,
        bool countOnly, ScanSegment? segment, int firstPartition, int endPartition, ItemKey? exclusiveStartKey, IndexRead? index)
    {
        _index = index;
        _resumeAfterIndexKey = index?.ExclusiveStartIndexKey;
        _keyCondition = keyCondition;
        _forward = forward;
        _limit = limit;
        _filter = filter;
        _projection = projection;
        _countOnly = countOnly;
        _segment = segment;
        _partition = firstPartition;
        _endPartition = endPartition;
        _resumeAfter = exclusiveStartKey;
    }

    /// <summary>A Query of the table or of a local index: the one partition of its partition key.</summary>
    public static PageAssembler ForQuery(KeyConditionExpression keyCondition, int partitionCount, bool forward, int? limit,
        ConditionExpression? filter, ProjectionExpression? projection, bool countOnly, ItemKey? exclusiveStartKey, IndexRead? index = null)
    {
        int partition = new ItemKey(keyCondition.PartitionKeyValue, null).PartitionOf(partitionCount);
        return new PageAssembler(keyCondition, forward, limit, filter, projection, countOnly, null, partition, partition + 1, exclusiveStartKey, index);
    }

    /// <summary>A Scan of one segment (the whole table is segment 0 of 1), resuming in the partition of the ExclusiveStartKey.</summary>
    public static PageAssembler ForScan(ScanSegment segment, int? limit, ConditionExpression? filter, ProjectionExpression? projection,
        bool countOnly, ItemKey? exclusiveStartKey, IndexRead? index = null)
    {
        int first = segment.FirstPartition;
        if (exclusiveStartKey is { } start)
        {
            if (!segment.Contains(start))
                throw Validation.DynamoException.Validation("The provided Exclusive start key does not map to the provided Segment and TotalSegments values.");
            first = start.PartitionOf(segment.PartitionCount);
        }
        return new PageAssembler(null, true, limit, filter, projection, countOnly, segment, first, segment.EndPartition, exclusiveStartKey, index);
    }

    /// <summary>The next partition to read and its request, or null when the page is complete.</summary>
    public (int Partition, PageRequest Request)? Next()
    {
        if (_done || _partition >= _endPartition) return null;
        var request = new PageRequest(
            _keyCondition, _resumeAfter, _forward,
            _limit is { } limit ? limit - ScannedCount : null,
            Limits.QueryPageBytesMax - ScannedBytes,
            PageIsEmpty: ScannedCount == 0,
            _filter, _projection, _countOnly,
            _segment is { SplitsPartition: true } ? _segment : null,
            _index is null ? null : _index with { ExclusiveStartIndexKey = _resumeAfterIndexKey });
        return (_partition, request);
    }

    public void Add(PartitionPage page)
    {
        _items.AddRange(page.Items);
        Count += page.Count;
        ScannedCount += page.ScannedCount;
        ScannedBytes += page.ScannedBytes;
        FetchedUnits += page.FetchedUnits;
        if (page.LastEvaluatedKey is not null)
        {
            LastEvaluatedKey = page.LastEvaluatedKey;
            LastEvaluatedIndexKey = page.LastEvaluatedIndexKey;
        }
        if (page.Full)
        {
            _done = true;
            // A page that filled before taking anything resumes after the key evaluated last, which the previous partition gave.
            return;
        }
        _partition++;
        _resumeAfter = null;
        _resumeAfterIndexKey = null;
        if (_partition >= _endPartition) (LastEvaluatedKey, LastEvaluatedIndexKey) = (null, null);
    }
}
