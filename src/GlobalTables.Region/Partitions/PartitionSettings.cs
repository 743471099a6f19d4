using Akka.Configuration;

namespace GlobalTables.Region.Partitions;

/// <summary>How a partition batches writes to one item, snapshots its state and trims its journal; from <c>globaltables</c> in config/akka.conf.</summary>
/// <param name="ItemWriteBatchMax">At most this many queued writes to one item go to the journal as one atomic write.</param>
/// <param name="SnapshotAfterEvents">A snapshot is saved once this many events were persisted since the last one...</param>
/// <param name="SnapshotAfter">...or this long after the first event not in a snapshot.</param>
/// <param name="JournalHold">Journal rows stay at least this long for their readers: Streams, the lost-update log and backups (point-in-time recovery holds it through its base snapshot).</param>
/// <param name="TombstoneRetention">A tombstone is kept at least this long after its delete.</param>
/// <param name="RetentionInterval">How often a partition looks for journal rows and tombstones it may drop.</param>
/// <param name="ItemCollectionLimitBytes">How large an item collection of a table with a local index may grow.</param>
/// <param name="IndexBackfillChunk">A new GSI's backfill sets this many items' entries between the partition's other commands...</param>
/// <param name="IndexBackfillPause">...and pauses this long before the next chunk.</param>
/// <param name="TimeToLiveScanInterval">How often a partition looks for expired items to delete (docs/time-to-live.md)...</param>
/// <param name="TimeToLiveBatch">...and how many it deletes at most before it looks again, so that its other commands go between.</param>
public sealed record PartitionSettings(int ItemWriteBatchMax, int SnapshotAfterEvents, TimeSpan SnapshotAfter,
    TimeSpan JournalHold, TimeSpan TombstoneRetention, TimeSpan RetentionInterval, long ItemCollectionLimitBytes, int IndexBackfillChunk,
    TimeSpan IndexBackfillPause, TimeSpan TimeToLiveScanInterval, int TimeToLiveBatch)
{
    public static PartitionSettings From(Config globaltables) => new(
        globaltables.GetInt("item-write-batch-max", 64),
        globaltables.GetInt("snapshots.after-events", 5000),
        globaltables.GetTimeSpan("snapshots.after", TimeSpan.FromSeconds(60)),
        new[]
        {
            globaltables.GetTimeSpan("streams.retention", TimeSpan.FromHours(24)),
            Replication.LostUpdateSettings.From(globaltables.GetConfig("lost-updates")).Retention,
            // A backup reads the journal after a snapshot up to snapshot-hold old.
            Backups.BackupSettings.From(globaltables.GetConfig("backups")).SnapshotHold,
        }.Max(),
        globaltables.GetTimeSpan("tombstones.retention", TimeSpan.FromHours(24)),
        globaltables.GetTimeSpan("journal-retention.interval", TimeSpan.FromMinutes(1)),
        globaltables.GetByteSize("indexes.item-collection-limit") ?? Model.Limits.ItemCollectionBytesMax,
        globaltables.GetInt("indexes.backfill-chunk", 500),
        globaltables.GetTimeSpan("indexes.backfill-pause", TimeSpan.FromMilliseconds(50)),
        globaltables.GetTimeSpan("time-to-live.scan-interval", TimeSpan.FromMinutes(1)),
        globaltables.GetInt("time-to-live.batch", 100));
}
