using Akka.Configuration;

namespace GlobalTables.Region.Partitions;

/// <summary>How a partition batches writes to one item and snapshots its state; from <c>globaltables</c> in config/akka.conf.</summary>
/// <param name="ItemWriteBatchMax">At most this many queued writes to one item go to the journal as one atomic write.</param>
/// <param name="SnapshotAfterEvents">A snapshot is saved once this many events were persisted since the last one...</param>
/// <param name="SnapshotAfter">...or this long after the first event not in a snapshot.</param>
public sealed record PartitionSettings(int ItemWriteBatchMax, int SnapshotAfterEvents, TimeSpan SnapshotAfter)
{
    public static PartitionSettings From(Config globaltables) => new(
        globaltables.GetInt("item-write-batch-max", 64),
        globaltables.GetInt("snapshots.after-events", 5000),
        globaltables.GetTimeSpan("snapshots.after", TimeSpan.FromSeconds(60)));
}
