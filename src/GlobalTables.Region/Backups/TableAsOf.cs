using Akka.Actor;
using Akka.Persistence;
using GlobalTables.Model.Backups;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Streams;

namespace GlobalTables.Region.Backups;

/// <summary>
/// Reads a table's partitions as they were at a time (docs/backups.md): each from the newest snapshot its snapshot store
/// holds from by then, through Akka.Persistence's own protocol, and its journal's events after it through
/// Akka.Persistence.Query, so SQLite and PostgreSQL are read the same way. Runs off any actor's thread.
/// </summary>
public sealed class TableAsOf(ActorSystem system, Lazy<StreamJournal> journal, TimeSpan askTimeout, int pageSize)
{
    IActorRef Snapshots => Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null);

    /// <summary>One partition's live items as they were at <paramref name="at"/>.</summary>
    public async Task<PartitionAsOf> ReadPartitionAsync(TableDefinition table, int partition, DateTimeOffset at)
    {
        var persistenceId = table.PartitionEntityId(partition);
        var loaded = await Snapshots.Ask<object>(
            new LoadSnapshot(persistenceId, new SnapshotSelectionCriteria(long.MaxValue, at.UtcDateTime), long.MaxValue), askTimeout) switch
        {
            LoadSnapshotResult result => result.Snapshot,
            LoadSnapshotFailed failed => throw new InvalidOperationException($"The snapshot store could not load {persistenceId}", failed.Cause),
            var other => throw new InvalidOperationException($"The snapshot store answered {other.GetType().Name} for {persistenceId}"),
        };
        var state = new PartitionAsOf(loaded?.Snapshot as PartitionSnapshot, loaded?.Metadata.SequenceNr ?? 0, at);
        while (!state.Ended)
        {
            var rows = await journal.Value.ReadFromAsync(persistenceId, state.Sequence + 1, pageSize);
            foreach (var row in rows) state.Take(row.Sequence, row.Created, (object?)row.Change ?? row);
            if (rows.Count < pageSize) break;
        }
        return state;
    }
}
