using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// Which items of a partition time to live deletes, and which region deletes each (docs/time-to-live.md).
/// </summary>
public static class ExpiredItems
{
    /// <summary>
    /// DynamoDB's rules for the attribute: a top-level Number, epoch seconds, expired once it is less than the current
    /// time. The developer guide (time-to-live-ttl-before-you-start.html, "Formatting an item's TTL attribute") also asks
    /// for "an expiration of no more than five years in the past": an older one is ignored, as a missing or non-Number one is.
    /// </summary>
    public static bool IsExpired(IReadOnlyDictionary<string, AttributeValue>? image, string attribute, DateTimeOffset at)
    {
        if (image is null || !image.TryGetValue(attribute, out var value) || value.Type != AttributeType.N) return false;
        var expires = value.N;
        return expires < DynamoNumber.FromLong(at.ToUnixTimeSeconds())
            && expires >= DynamoNumber.FromLong(at.AddYears(-ExpiryAgeYearsMax).ToUnixTimeSeconds());
    }

    /// <summary>An expiration further in the past than this many years is ignored.</summary>
    public const int ExpiryAgeYearsMax = 5;

    /// <summary>
    /// On a global table one region deletes an expired item, and the others apply its replicated delete: the region
    /// that made the item's last write, or this one when that region holds no replica of the table any more.
    /// </summary>
    /// <param name="replicas">The regions of the table's replicas; empty for a table in this region only.</param>
    public static bool DeletesHere(Replication.Version lastWrite, string region, IReadOnlyCollection<string> replicas) =>
        lastWrite.Region == region || !replicas.Contains(lastWrite.Region);

    /// <summary>Up to <paramref name="max"/> keys whose items are expired at <paramref name="now"/> and this region's to delete.</summary>
    public static IReadOnlyList<ItemKey> Due(IEnumerable<(ItemKey Key, StoredItem Item)> entries, string attribute, DateTimeOffset now, string region,
        IReadOnlyCollection<string> replicas, int max)
    {
        var due = new List<ItemKey>();
        foreach (var (key, item) in entries)
        {
            if (due.Count == max) break;
            if (!item.IsTombstone && DeletesHere(item.Version, region, replicas) && IsExpired(item.Image, attribute, now)) due.Add(key);
        }
        return due;
    }
}
