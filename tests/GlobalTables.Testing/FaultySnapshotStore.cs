using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;

namespace GlobalTables.Testing;

/// <summary>
/// The region's SQLite snapshot store with <see cref="JournalFaults"/> in front: saving a snapshot of an actor the
/// faults name fails, unstored, or is stored and answered only once healed. <see cref="FaultyJournal.ConfigOverride"/>
/// puts it under a region too.
/// </summary>
public sealed class FaultySnapshotStore(Config config) : SqlSnapshotStore(config)
{
    readonly JournalFaults _faults = JournalFaults.Get(Context.System);

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        if (_faults.FailsSnapshotOf(metadata.PersistenceId))
            return Task.FromException(new JournalFaultException("An injected snapshot store failure"));
        // The base store may read the actor's context, so it is called now, before any wait: only the answer waits.
        var saved = base.SaveAsync(metadata, snapshot, cancellationToken);
        return _faults.SnapshotGateOf(metadata.PersistenceId) is { } gate ? AnswerAsync(saved, gate) : saved;
    }

    static async Task AnswerAsync(Task saved, Task gate)
    {
        await gate;
        await saved;
    }
}
