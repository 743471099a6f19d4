using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Backups;

/// <summary>
/// An on-demand backup: the table as it was at <paramref name="CreatedAt"/> (its definition, and its items in the file
/// <paramref name="File"/> of the region's data folder). CREATING until the file is written.
/// </summary>
/// <param name="Table">The table's definition when the backup was asked for; a restore takes its schema and indexes.</param>
/// <param name="File">The file's name inside the region's backups folder.</param>
public sealed record Backup(string Arn, string Name, TableDefinition Table, DateTimeOffset CreatedAt, BackupStatus Status, string File,
    long SizeBytes = 0, long ItemCount = 0);
