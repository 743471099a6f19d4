using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Queries;

/// <summary>
/// A Query page of a global secondary index. Every table partition holds the entries of its own items, so each is
/// asked for a page from the same place, and the pages are merged in the index's order: the page ends at Limit, at
/// 1 MB, or at the last entry of a partition whose own page filled, since entries beyond it there were not read.
/// </summary>
public sealed class GlobalIndexPage : IQueryPage
{
    readonly bool _forward;
    readonly int? _limit;
    readonly List<PartitionPage> _pages = [];
    readonly List<IReadOnlyDictionary<string, AttributeValue>> _items = [];

    /// <summary>What every partition is asked.</summary>
    public PageRequest Request { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, AttributeValue>> Items => _items;
    public int Count { get; private set; }
    public int ScannedCount { get; private set; }
    public long ScannedBytes { get; private set; }
    public ItemKey? LastEvaluatedKey { get; private set; }
    public ItemKey? LastEvaluatedIndexKey { get; private set; }
    public long FetchedUnits => 0;

    public GlobalIndexPage(string index, KeyConditionExpression keyCondition, bool forward, int? limit, ConditionExpression? filter,
        ProjectionExpression? projection, bool countOnly, IndexEntry? exclusiveStart)
    {
        _forward = forward;
        _limit = limit;
        Request = new PageRequest(keyCondition, exclusiveStart?.TableKey, forward, limit, Limits.QueryPageBytesMax, PageIsEmpty: true,
            filter, projection, countOnly, Index: new IndexRead(index, exclusiveStart?.IndexKey, FetchFromTable: false, KeepEntries: true));
    }

    public void Add(PartitionPage page) => _pages.Add(page);

    /// <summary>Merges the partitions' pages once every one is in.</summary>
    public void Merge()
    {
        int direction = _forward ? 1 : -1;
        int Compare(IndexEntry a, IndexEntry b) => direction * IndexEntryOrder.Instance.Compare(a, b);

        // No entry past the nearest end of a page that filled: that partition's entries beyond it are unread.
        IndexEntry? cutoff = null;
        foreach (var page in _pages.Where(p => p.Full && p.Entries is { Count: > 0 }))
        {
            var end = page.Entries![^1].Position;
            if (cutoff is null || Compare(end, cutoff.Value) < 0) cutoff = end;
        }
        var merged = _pages.SelectMany(p => p.Entries ?? []).ToList();
        merged.Sort((a, b) => Compare(a.Position, b.Position));

        ScannedEntry? last = null;
        bool more = false;
        foreach (var entry in merged)
        {
            bool full = ScannedCount == _limit || (ScannedCount > 0 && ScannedBytes + entry.Size > Limits.QueryPageBytesMax)
                || (cutoff is { } c && Compare(entry.Position, c) > 0);
            if (full)
            {
                more = true;
                break;
            }
            ScannedCount++;
            ScannedBytes += entry.Size;
            last = entry;
            if (!entry.Matched) continue;
            Count++;
            if (entry.Item is not null) _items.Add(entry.Item);
        }
        // A partition that filled exactly at the cutoff may hold more beyond it.
        if (more || (cutoff is { } end2 && last is not null && IndexEntryOrder.Instance.Compare(last.Position, end2) == 0))
            (LastEvaluatedKey, LastEvaluatedIndexKey) = (last!.Position.TableKey, last.Position.IndexKey);
    }
}
