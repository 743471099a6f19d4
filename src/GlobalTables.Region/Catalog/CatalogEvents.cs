using GlobalTables.Model.Tables;
using GlobalTables.Region.Serialization;

namespace GlobalTables.Region.Catalog;

/// <summary>A table was created or changed; carries the whole new definition.</summary>
public sealed record TableDefined(TableDefinition Table) : IGlobalTablesMessage;

/// <summary>A table's deletion finished.</summary>
public sealed record TableRemoved(string Name) : IGlobalTablesMessage;

/// <summary>A backup was asked for, or its file written; carries the whole backup.</summary>
public sealed record BackupDefined(Model.Backups.Backup Backup) : IGlobalTablesMessage;

/// <summary>A backup was deleted (DeleteBackup, or given up after its attempts).</summary>
public sealed record BackupRemoved(string Arn) : IGlobalTablesMessage;
