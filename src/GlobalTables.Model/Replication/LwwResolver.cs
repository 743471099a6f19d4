using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Replication;

/// <summary>
/// DESIGN.md's apply rule for an incoming change over the current state of an item. Idempotent,
/// commutative and order-free: every replica that sees the same changes ends with the same image,
/// Version and Context.
/// </summary>
public static class LwwResolver
{
    public sealed record Resolution(ApplyOutcome Outcome, ItemChanged? Change, LostUpdate? Lost);

    /// <param name="current">The item here, or null when this replica has never seen the key.</param>
    /// <param name="incoming">The change as the origin persisted it.</param>
    public static Resolution Resolve(StoredItem? current, ItemChanged incoming, string region, DateTimeOffset now)
    {
        var incomingWrite = new WriteRecord(incoming.NewImage, incoming.Version, incoming.OriginContext, incoming.DataLineage);
        // The origin's journal position and prior image mean nothing here; a change persisted here points back to this replica's own.
        long previous = current?.Sequence ?? 0;
        if (current is null)
            return new(ApplyOutcome.Overwrite, Overwriting(incoming, previous), null);

        // Rule 2 first: a duplicate or a write this item has already absorbed is dropped.
        if (current.Context.Covers(incoming.OriginContext))
            return new(ApplyOutcome.Stale, null, null);

        // Rule 1: the incoming write's origin had seen everything this item holds.
        if (incoming.OriginContext.Covers(current.Context))
            return new(ApplyOutcome.Overwrite, Overwriting(incoming, previous), null);

        // Rule 3: concurrent. The higher Version wins; the Context becomes the merge of both.
        var merged = current.Context.Merge(incoming.OriginContext);
        var currentWrite = new WriteRecord(current.Image, current.Version, current.WriteContext, current.DataLineage);
        if (incoming.Version > current.Version)
        {
            // The merged Context records that the loser was seen; the lineage stays the winner's, since its data was dropped.
            var change = incoming with { Context = merged, WriteContext = incoming.OriginContext, Lineage = incoming.DataLineage, PreviousSequence = previous, Prior = null };
            return new(ApplyOutcome.ConcurrentIncomingWon, change,
                new LostUpdate(incoming.Table, incoming.Key, incomingWrite, currentWrite, region, now));
        }
        var kept = new ItemChanged(incoming.Table, incoming.Key, currentWrite.Image, current.Version, merged, current.WriteContext, incoming.ReplicatedFrom, currentWrite.DataLineage,
            previous);
        return new(ApplyOutcome.ConcurrentCurrentWon, kept,
            new LostUpdate(incoming.Table, incoming.Key, currentWrite, incomingWrite, region, now));
    }

    static ItemChanged Overwriting(ItemChanged incoming, long previous) =>
        incoming with { Context = incoming.OriginContext, WriteContext = null, Lineage = incoming.DataLineage, PreviousSequence = previous, Prior = null };
}
