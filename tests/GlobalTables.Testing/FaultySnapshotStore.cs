using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;

namespace GlobalTables.Testing;

/// <summary>
/// The region's SQLite snapshot store with <see cref="JournalFaults"/> in front: saving a snapshot of an actor the
/// faults name fails, unstored, until healed. <see cref="FaultyJournal.ConfigOverride"/> puts it under a region too.
/// </summary>
public sealed class FaultySnapshotStore(Config config) : SqlSnapshotStore(config)
{
    readonly JournalFaults _faults = JournalFaults.Get(Context.System);

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken) =>
        _faults.FailsSnapshotOf(metadata.PersistenceId)
            ? Task.FromException(new JournalFaultException("An injected snapshot store failure"))
            : base.SaveAsync(metadata, snapshot, cancellationToken);
}
