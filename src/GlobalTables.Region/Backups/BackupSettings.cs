using Akka.Configuration;

namespace GlobalTables.Region.Backups;

/// <summary>Backups and point-in-time recovery; from <c>globaltables.backups</c> in config/akka.conf.</summary>
/// <param name="Folder">The folder, inside the region's data folder, that holds backup files.</param>
/// <param name="SnapshotHold">How long a partition of a table without point-in-time recovery keeps its older snapshots, so that a backup can read it as of its time.</param>
/// <param name="SnapshotsPerHold">About how many snapshots a partition keeps over its hold.</param>
/// <param name="LatestRestorableLag">How far behind now LatestRestorableDateTime is.</param>
/// <param name="RestoreBatch">A restore writes the new table's items in batches of this many items of one partition...</param>
/// <param name="RestoreBatchesInFlight">...this many batches at once.</param>
/// <param name="JournalPage">Events a restore reads from a partition journal at once.</param>
/// <param name="RetryAfter">A backup or restore that failed is tried again after this long...</param>
/// <param name="Attempts">...this many times in all; then a backup is dropped, and a restored table is left CREATING.</param>
/// <param name="ListPageSize">ListBackups answers at most this many backups when its Limit is not given.</param>
public sealed record BackupSettings(string Folder, TimeSpan SnapshotHold, int SnapshotsPerHold, TimeSpan LatestRestorableLag, int RestoreBatch, int RestoreBatchesInFlight,
    int JournalPage, TimeSpan RetryAfter, int Attempts, int ListPageSize)
{
    public static BackupSettings From(Config backups) => new(
        backups.GetString("folder", "backups"),
        backups.GetTimeSpan("snapshot-hold", TimeSpan.FromMinutes(2)),
        backups.GetInt("snapshots-per-hold", 4),
        backups.GetTimeSpan("latest-restorable-lag", TimeSpan.FromSeconds(1)),
        backups.GetInt("restore-batch", 250),
        backups.GetInt("restore-batches-in-flight", 8),
        backups.GetInt("journal-page", 2000),
        backups.GetTimeSpan("retry-after", TimeSpan.FromSeconds(10)),
        backups.GetInt("attempts", 3),
        backups.GetInt("list-page-size", 100));
}
