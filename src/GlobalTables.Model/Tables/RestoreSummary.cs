namespace GlobalTables.Model.Tables;

/// <summary>
/// DescribeTable's RestoreSummary of a table made by a restore, and what the restore reads, so that a region that
/// restarts mid-restore can start it again: a backup, or the source table as of <paramref name="RestoreDateTime"/>.
/// </summary>
/// <param name="SourceTableId">The source table's id when it was restored to a point in time: its partitions are named by it.</param>
public sealed record RestoreSummary(string? SourceBackupArn, string SourceTableArn, DateTimeOffset RestoreDateTime, bool RestoreInProgress,
    string? SourceTableName = null, string? SourceTableId = null);
