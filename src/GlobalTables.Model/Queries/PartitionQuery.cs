using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

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
        int count = 0, scanned = 0;
        long bytes = 0;
        ItemKey? last = null;
        bool full = false;
        var range = KeyRange.Of(request.KeyCondition, request.Forward);
        bool matched = false;

        foreach (var key in state.Order.Walk(range.Start(request.ExclusiveStartKey), range.Inclusive(request.ExclusiveStartKey), request.Forward))
        {
            if (range.PartitionKey is { } pk && !pk.Equals(key.PartitionKey)) break;
            if (request.KeyCondition?.SortKey is { } sortCondition)
            {
                if (sortCondition.Matches(key.SortKey!)) matched = true;
                else if (matched || range.IsPast(key)) break;
                else continue;
            }
            if (request.Segment is { SplitsPartition: true } segment && !segment.Contains(key)) continue;
            var stored = state.Find(key);
            if (stored is null || stored.IsTombstone) continue;

            bool pageEmpty = request.PageIsEmpty && scanned == 0;
            if (!pageEmpty && bytes + stored.SizeBytes > request.BytesRemaining)
            {
                full = true;
                break;
            }
            scanned++;
            bytes += stored.SizeBytes;
            last = key;
            // The image is decoded only when something reads it: a count without a filter does not.
            var image = request.Filter is null && request.CountOnly ? null : stored.Image!;
            if (request.Filter is null || request.Filter.Evaluate(image))
            {
                count++;
                if (!request.CountOnly) items.Add(request.Projection is null ? image! : request.Projection.Apply(image!));
            }
            if (scanned == request.LimitRemaining || bytes >= request.BytesRemaining)
            {
                full = true;
                break;
            }
        }
        return new PartitionPage(items, count, scanned, bytes, last, full);
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
