using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Replication;

/// <summary>
/// DESIGN.md's apply rule for an incoming change over the current state of an item, with rule 4 for time to live
/// deletes (docs/replication.md). Idempotent, and order-free for any two writes: every replica that sees the same
/// changes ends with the same image, Version and Context.
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

        // Rule 3: concurrent. The higher Version wins, but for a time to live delete (rule 4); the Context becomes the merge of both.
        var merged = current.Context.Merge(incoming.OriginContext);
        var currentWrite = new WriteRecord(current.Image, current.Version, current.WriteContext, current.DataLineage);
        if (IncomingWins(currentWrite, current.TimeToLiveAttribute, incoming))
        {
            // The merged Context records that the loser was seen; the lineage stays the winner's, since its data was dropped.
            var change = incoming with { Context = merged, WriteContext = incoming.OriginContext, Lineage = incoming.DataLineage, PreviousSequence = previous, Prior = null };
            return new(ApplyOutcome.ConcurrentIncomingWon, change,
                new LostUpdate(incoming.Table, incoming.Key, incomingWrite, currentWrite, region, now));
        }
        var kept = new ItemChanged(incoming.Table, incoming.Key, currentWrite.Image, current.Version, merged, current.WriteContext, incoming.ReplicatedFrom, currentWrite.DataLineage,
            previous, TimeToLiveAttribute: current.TimeToLiveAttribute);
        return new(ApplyOutcome.ConcurrentCurrentWon, kept,
            new LostUpdate(incoming.Table, incoming.Key, currentWrite, incomingWrite, region, now));
    }

    /// <summary>
    /// Which of two concurrent writes wins. Rule 4: a time to live delete against a write wins only if the write's item is
    /// itself expired, by the delete's attribute, at the delete's time (its Version's clock); a write that extended the
    /// time to live past it, or removed the attribute, wins whatever the Versions. It reads only the pair, so every
    /// replica picks the same winner whichever arrives first. Anything else, two deletes included: the higher Version.
    /// </summary>
    static bool IncomingWins(WriteRecord current, string? currentExpiredBy, ItemChanged incoming)
    {
        if (incoming.TimeToLiveAttribute is { } incomingExpiredBy && currentExpiredBy is null && current.Image is not null)
            return ExpiredItems.IsExpired(current.Image, incomingExpiredBy, TimeOf(incoming.Version));
        if (currentExpiredBy is not null && !incoming.IsTimeToLiveDelete && incoming.NewImage is not null)
            return !ExpiredItems.IsExpired(incoming.NewImage, currentExpiredBy, TimeOf(current.Version));
        return incoming.Version > current.Version;
    }

    static DateTimeOffset TimeOf(Version version) => DateTimeOffset.FromUnixTimeMilliseconds(version.Stamp.PhysicalMs);

    static ItemChanged Overwriting(ItemChanged incoming, long previous) =>
        incoming with { Context = incoming.OriginContext, WriteContext = null, Lineage = incoming.DataLineage, PreviousSequence = previous, Prior = null };
}
