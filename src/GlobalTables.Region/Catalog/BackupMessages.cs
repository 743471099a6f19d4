using GlobalTables.Model.Backups;
using GlobalTables.Model.Validation;

namespace GlobalTables.Region.Catalog;

/// <summary>CreateBackup: a backup of the table as of now.</summary>
public sealed record CreateBackup(string TableName, string BackupName);

public sealed record DescribeBackup(string Arn);

public sealed record ListBackups(BackupListing Listing);

public sealed record DeleteBackup(string Arn);

/// <summary>The catalog's answer about one backup: the backup as it now stands, or DynamoDB's error.</summary>
public sealed record BackupResult(Backup? Backup, DynamoException? Error);

/// <summary>ListBackups' page.</summary>
public sealed record BackupsListed(IReadOnlyList<Backup> Page, string? LastEvaluatedArn);

/// <summary>RestoreTableFromBackup: a new table from a backup; answered with <see cref="CatalogResult"/>.</summary>
public sealed record RestoreTableFromBackup(string TargetTableName, string BackupArn, RestoreOverrides Overrides);

/// <summary>RestoreTableToPointInTime: a new table from the source as of a time (null: the latest restorable).</summary>
public sealed record RestoreTableToPointInTime(string SourceTableName, string TargetTableName, DateTimeOffset? RestoreDateTime, RestoreOverrides Overrides);

/// <summary>UpdateContinuousBackups' point-in-time recovery specification.</summary>
public sealed record UpdateContinuousBackups(string TableName, bool Enabled, int? RecoveryPeriodInDays);

/// <summary>A backup's file is written.</summary>
internal sealed record BackupWritten(string Arn, long SizeBytes, long ItemCount);

internal sealed record BackupNotWritten(string Arn, string Cause);

/// <summary>Write a backup's file (again).</summary>
internal sealed record WriteBackup(string Arn);

/// <summary>A restored table has every item.</summary>
internal sealed record RestoreFinished(string TableName, string TableId, long ItemCount);

internal sealed record RestoreNotFinished(string TableName, string TableId, string Cause);

/// <summary>Fill a restored table (again).</summary>
internal sealed record FillRestoredTable(string TableName, string TableId);
