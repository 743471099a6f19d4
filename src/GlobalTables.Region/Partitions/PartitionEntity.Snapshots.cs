using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// The partition's snapshots: one is saved once <see cref="PartitionSettings.SnapshotAfterEvents"/> events were
/// persisted since the last, or <see cref="PartitionSettings.SnapshotAfter"/> after the first event not in one;
/// recovery loads the latest and replays only the events after it, so a restart does not grow with history. The
/// state holds confirmed events only, so a snapshot is exactly the journal up to <c>LastSequenceNr</c>. Once saved,
/// the older snapshots are deleted, but those a backup or a point-in-time restore may start from (<see cref="SnapshotKeeping"/>).
/// </summary>
public sealed partial class PartitionEntity
{
    sealed record SnapshotDue
    {
        public static readonly SnapshotDue Instance = new();
    }

    readonly SnapshotSchedule _snapshots;

    /// <summary>Which snapshots stay, for backups and point-in-time restores (docs/backups.md).</summary>
    readonly SnapshotKeeping _keeping = new();
    readonly Catalog.TableDirectory _tables;
    readonly Backups.BackupSettings _backups;
    readonly string _tableName;

    /// <summary>
    /// How far back this partition must be restorable: its table's recovery period while point-in-time recovery is on,
    /// else long enough for a backup to read it as of the backup's time.
    /// </summary>
    TimeSpan SnapshotHold() => (RecoveryPeriod() ?? TimeSpan.Zero) + _backups.SnapshotHold;

    /// <summary>The table's recovery period while point-in-time recovery is on; null while it is off.</summary>
    TimeSpan? RecoveryPeriod() =>
        _tables.Find(_tableName) is { PointInTimeRecovery: { Enabled: true } recovery } table && PersistenceId.Contains('@' + table.TableId[..8] + '/')
            ? recovery.RecoveryPeriod
            : null;

    /// <summary>The sequence number of the snapshot recovery started from; 0 without one.</summary>
    long _restoredSequenceNr;

    void Restore(SnapshotOffer offer)
    {
        var snapshot = (PartitionSnapshot)offer.Snapshot;
        _restoredSequenceNr = offer.Metadata.SequenceNr;
        _savedSnapshotSequence = offer.Metadata.SequenceNr;
        _keeping.Saved(offer.Metadata.SequenceNr, offer.Metadata.Timestamp);
        _state.Restore(snapshot);
        foreach (var prepared in snapshot.Prepared) Held(prepared);
    }

    void ReceiveSnapshots()
    {
        Command<SnapshotDue>(_ => SaveIfDue(timeUp: true));
        Command<SaveSnapshotSuccess>(s =>
        {
            _snapshots.Ended();
            _savedSnapshotSequence = Math.Max(_savedSnapshotSequence, s.Metadata.SequenceNr);
            // On the partition's clock, as the hold is: no earlier than the store's stamp, so a base by this time is one by the store's.
            _keeping.Saved(s.Metadata.SequenceNr, _time.GetUtcNow());
            var thinned = _keeping.Thin(_time.GetUtcNow(), SnapshotHold(), _backups.SnapshotsPerHold);
            if (thinned.Below > 0) DeleteSnapshots(new SnapshotSelectionCriteria(thinned.Below - 1));
            foreach (var sequence in thinned.Each) DeleteSnapshot(sequence);
            // Events that came while it was saved may already make the next one due.
            SaveIfDue(timeUp: false);
        });
        Command<SaveSnapshotFailure>(f =>
        {
            _snapshots.Ended();
            _log.Warning("Could not save a snapshot of {0} at {1}: {2}", PersistenceId, f.Metadata.SequenceNr, f.Cause.Message);
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotSuccess>(_ => { });
        Command<DeleteSnapshotFailure>(f => _log.Warning("Could not delete the snapshot of {0} at {1}: {2}", PersistenceId, f.Metadata.SequenceNr, f.Cause.Message));
        Command<DeleteSnapshotsFailure>(f => _log.Warning("Could not delete the old snapshots of {0}: {1}", PersistenceId, f.Cause.Message));
    }

    /// <summary>
    /// Counts events toward the next snapshot, and saves it when due. Each snapshot interval of events handed to the
    /// journal gets a retention mark even when no snapshot can start: one save runs at a time, and a slow one would
    /// otherwise keep every event that came meanwhile past the retention.
    /// </summary>
    void Snapshotted(long events)
    {
        if (_snapshots.Add(events)) Timers.StartSingleTimer(nameof(SnapshotDue), SnapshotDue.Instance, _settings.SnapshotAfter);
        SaveIfDue(timeUp: false);
        if (_state.Retention.MarkDue(_sequence, _settings.SnapshotAfterEvents))
            _state.Retention.Taken(_sequence, LastSequenceNr, _time.GetUtcNow());
    }

    void SaveIfDue(bool timeUp)
    {
        if (!_snapshots.TakeDue(timeUp)) return;
        Timers.Cancel(nameof(SnapshotDue));
        _state.Retention.Taken(_sequence, LastSequenceNr, _time.GetUtcNow());
        SaveSnapshot(_state.Snapshot(_transactions.Held));
    }
}
