using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// The partition's journal retention and tombstone collection (docs/bounded-state.md). Every
/// <see cref="PartitionSettings.RetentionInterval"/> it asks the hub how far its peers have caught up, then deletes its
/// journal through the newest mark that the saved snapshot covers and that no reader needs (Streams, the lost-update log
/// and point-in-time recovery for <see cref="PartitionSettings.JournalHold"/>, and every peer), and drops the tombstones
/// older than <see cref="PartitionSettings.TombstoneRetention"/> that every peer holds, fallen behind or not. Dropping a tombstone is not an
/// event: the state without it answers every read and resolves every change as the state with it did, so the next
/// snapshot keeps the drop, and a restart from an older one merely finds the tombstone again.
/// </summary>
public sealed partial class PartitionEntity
{
    sealed record RetentionDue
    {
        public static readonly RetentionDue Instance = new();
    }

    /// <summary>The sequence number of the newest snapshot saved, which recovery would start from.</summary>
    long _savedSnapshotSequence;

    /// <summary>The deletion asked of the journal and not answered yet.</summary>
    long? _deleting;

    void ReceiveRetention()
    {
        // Without a mark nothing may be deleted or dropped, so the hub is not asked.
        Command<RetentionDue>(_ =>
        {
            if (_state.Retention.Marks.Count > 0) _hub.Tell(new GetPeersCaughtUp(_tag));
        });
        Command<PeersCaughtUp>(Trim);
        Command<DeleteMessagesSuccess>(d =>
        {
            _deleting = null;
            _state.Retention.Deleted(d.ToSequenceNr);
        });
        Command<DeleteMessagesFailure>(f =>
        {
            _deleting = null;
            _log.Warning("Could not delete the journal of {0} through {1}: {2}", PersistenceId, f.ToSequenceNr, f.Cause.Message);
        });
    }

    void StartRetention() =>
        Timers.StartPeriodicTimer(nameof(RetentionDue), RetentionDue.Instance, _settings.RetentionInterval);

    void Trim(PeersCaughtUp peers)
    {
        var now = _time.GetUtcNow();
        var neededAfter = Earlier(now - _settings.JournalHold, peers.Before);
        // Point-in-time restores within the recovery period start from the base snapshot and read the journal after it
        // (docs/backups.md). A backup reads as of a moment ago, and the journal hold, longer than the snapshot hold, keeps that.
        long restorableFrom = RecoveryPeriod() is null ? long.MaxValue
            : _keeping.Base(now, SnapshotHold())?.Sequence ?? _state.Retention.DeletedThrough;
        if (_deleting is null && _state.Retention.DeletableThrough(neededAfter, Math.Min(_savedSnapshotSequence, restorableFrom)) is { } through)
        {
            _deleting = through;
            DeleteMessages(through);
        }
        int collected = _state.CollectTombstones(_state.Retention.StoredBy(peers.AllBefore), now - _settings.TombstoneRetention);
        if (collected > 0) _log.Debug("{0} collected {1} tombstones", PersistenceId, collected);
    }

    static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
