using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Backups;

/// <summary>
/// A partition's items as of a time, rebuilt as recovery would (docs/backups.md): from the newest snapshot saved by
/// then, and the journal's events after it in order, up to the last one the journal stored by then. A partition
/// writes in sequence order, so the events stored by a time are a prefix of its journal.
/// </summary>
public sealed class PartitionAsOf
{
    readonly Dictionary<ItemKey, StoredItem> _items = [];
    readonly DateTimeOffset _asOf;

    /// <summary>The last event taken in; the snapshot's when none was.</summary>
    public long Sequence { get; private set; }

    /// <summary>True once an event stored after the time was met: the events after it are not wanted.</summary>
    public bool Ended { get; private set; }

    /// <param name="snapshot">The newest snapshot saved by <paramref name="asOf"/>; null for none, when the journal must hold every event from 1.</param>
    public PartitionAsOf(PartitionSnapshot? snapshot, long snapshotSequence, DateTimeOffset asOf)
    {
        _asOf = asOf;
        Sequence = snapshotSequence;
        if (snapshot is null) return;
        foreach (var (key, item) in snapshot.Items) _items[key] = item;
    }

    /// <summary>
    /// Takes the journal's next event, stored at <paramref name="created"/>. A sequence number skipped means the journal no
    /// longer holds an event the time needs: the restore cannot be made, and says so.
    /// </summary>
    public void Take(long sequence, DateTimeOffset created, object @event)
    {
        if (Ended || sequence <= Sequence) return;
        if (created > _asOf)
        {
            Ended = true;
            return;
        }
        if (sequence != Sequence + 1)
            throw new InvalidOperationException($"The journal no longer holds event {Sequence + 1} (its next is {sequence})");
        Sequence = sequence;
        if (@event is ItemChanged change) _items[change.Key] = StoredItem.Of(change, sequence);
    }

    /// <summary>Every live item, tombstones left out.</summary>
    public IEnumerable<(ItemKey Key, StoredItem Item)> Items =>
        _items.Where(kv => !kv.Value.IsTombstone).Select(kv => (kv.Key, kv.Value));
}
