using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Replication;

/// <summary>
/// Whether a region fills a peer (a new replica, or one fallen behind the retained journal) with its items. Each region
/// sends its own writes, so a region none of whose writes any item holds leaves the fill to the regions that made them
/// (a new replica still being filled, say): sending it all again would only double the work.
/// </summary>
public static class ReplicaFill
{
    /// <summary>
    /// Whether some item holds a write made in <paramref name="region"/>: in its Context, not only its Version. A write made
    /// here that lost a merge to one from elsewhere leaves the item with the other region's Version, yet the peer may lack
    /// that write, and without it the peer never has the merged Context (nor the lost update) that this region has.
    /// </summary>
    public static bool Owed(IEnumerable<ItemChanged> items, string region) =>
        items.Any(i => i.Context.Entries.ContainsKey(region));
}
