using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Queries;

/// <summary>
/// Builds one partition's part of a Query or Scan page from its ordered key index, as DynamoDB
/// does: walk the key range in order, skip tombstones, stop at Limit evaluated items or when the
/// next item would pass the page's byte budget (measured before the filter), then filter and project.
/// </summary>
public static class PartitionQuery
{
    public static PartitionPage Read(PartitionState state, PageRequest request)
    {
        var items = new List<IReadOnlyDictionary<string, AttributeValue>>();
        var entries = request.Index is { KeepEntries: true } ? new List<ScannedEntry>() : null;
        int count = 0, scanned = 0;
        long bytes = 0, fetched = 0;
        IndexEntry? last = null;
        bool full = false;
        var range = KeyRange.Of(request.KeyCondition, request.Forward);
        bool matched = false;
        var index = request.Index is { } read
            ? state.Indexes.GetValueOrDefault(read.Name) ?? throw new InvalidOperationException($"{state.Table} has no index {read.Name} here")
            : null;

        foreach (var (key, itemKey) in Walk(state, index, request, range))
        {
            if (range.PartitionKey is { } pk && !pk.Equals(key.PartitionKey)) break;
            if (request.KeyCondition?.SortKey is { } sortCondition)
            {
                // An index entry without the sort key is not in the index; the table always has it.
                if (key.SortKey is not null && sortCondition.Matches(key.SortKey)) matched = true;
                else if (matched || range.IsPast(key)) break;
                else continue;
            }
            if (request.Segment is { SplitsPartition: true } segment && !segment.Contains(itemKey)) continue;
            var stored = state.Find(itemKey);
            if (stored is null || stored.IsTombstone) continue;

            int size = index?.SizeOf(itemKey) ?? stored.SizeBytes;
            bool pageEmpty = request.PageIsEmpty && scanned == 0;
            if (!pageEmpty && bytes + size > request.BytesRemaining)
            {
                full = true;
                break;
            }
            scanned++;
            bytes += size;
            last = new IndexEntry(key, itemKey);
            // The image is decoded only when something reads it: a count without a filter does not.
            var image = request.Filter is null && request.CountOnly ? null : stored.Image!;
            if (image is not null && index is not null)
            {
                if (request.Index!.FetchFromTable) fetched += (stored.SizeBytes + Limits.ReadUnitBytes - 1) / Limits.ReadUnitBytes;
                else image = index.Project(image);
            }
            bool passes = request.Filter is null || request.Filter.Evaluate(image);
            var returned = passes && !request.CountOnly ? (request.Projection is null ? image! : request.Projection.Apply(image!)) : null;
            if (passes)
            {
                count++;
                if (returned is not null) items.Add(returned);
            }
            entries?.Add(new ScannedEntry(last.Value, size, returned, passes));
            if (scanned == request.LimitRemaining || bytes >= request.BytesRemaining)
            {
                full = true;
                break;
            }
        }
        return new PartitionPage(items, count, scanned, bytes, last?.TableKey, full,
            index is null ? null : last?.IndexKey, fetched, entries);
    }

    /// <summary>The walk of a page: (the key the range applies to, the item's table key), from where the page resumes.</summary>
    static IEnumerable<(ItemKey Key, ItemKey Item)> Walk(PartitionState state, SecondaryIndex? index, PageRequest request, KeyRange range)
    {
        var start = request.ExclusiveStartKey;
        if (index is null)
            return state.Order.Walk(range.Start(start), range.Inclusive(start), request.Forward).Select(k => (k, k));
        IndexEntry? bound = start is { } tableKey
            ? new IndexEntry(request.Index!.ExclusiveStartIndexKey!.Value, tableKey)
            : range.Start(null) is { } indexKey ? new IndexEntry(indexKey, request.Forward ? IndexEntryOrder.First : IndexEntryOrder.Last) : null;
        return index.Walk(bound, start is null, request.Forward).Select(e => (e.IndexKey, e.TableKey));
    }

    /// <summary>The bounds a key condition puts on the walk.</summary>
    readonly record struct KeyRange(AttributeValue? PartitionKey, AttributeValue Lower, AttributeValue Upper, bool Forward)
    {
        public static KeyRange Of(KeyConditionExpression? condition, bool forward)
        {
            if (condition is null) return new KeyRange(null, ItemKeyOrder.Lowest, ItemKeyOrder.Highest, forward);
            var sort = condition.SortKey;
            var (lower, upper) = sort?.Operator switch
            {
                null => (ItemKeyOrder.Lowest, ItemKeyOrder.Highest),
                KeyConditionOperator.Equal => (sort.Value, sort.Value),
                KeyConditionOperator.LessThan or KeyConditionOperator.LessThanOrEqual => (ItemKeyOrder.Lowest, sort.Value),
                KeyConditionOperator.GreaterThan or KeyConditionOperator.GreaterThanOrEqual => (sort.Value, ItemKeyOrder.Highest),
                KeyConditionOperator.Between => (sort.Value, sort.UpperValue!),
                _ => (sort.Value, ItemKeyOrder.Highest), // begins_with: from the prefix up, stopping at the first key past it
            };
            return new KeyRange(condition.PartitionKeyValue, lower, upper, forward);
        }

        /// <summary>Where the walk starts: after the ExclusiveStartKey, or at the range's near end.</summary>
        public ItemKey? Start(ItemKey? exclusiveStartKey)
        {
            if (exclusiveStartKey is not null) return exclusiveStartKey;
            if (PartitionKey is null) return null;
            return new ItemKey(PartitionKey, Forward ? Lower : Upper);
        }

        public bool Inclusive(ItemKey? exclusiveStartKey) => exclusiveStartKey is null;

        /// <summary>True when the walk has gone beyond the range's far end, so nothing further can match.</summary>
        public bool IsPast(ItemKey key)
        {
            if (PartitionKey is null) return false;
            int order = ItemKeyOrder.Instance.Compare(key, new ItemKey(PartitionKey, Forward ? Upper : Lower));
            return Forward ? order > 0 : order < 0;
        }
    }
}
