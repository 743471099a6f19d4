namespace GlobalTables.Model.Backups;

/// <summary>DynamoDB's BackupStatus.</summary>
public enum BackupStatus { CREATING, DELETED, AVAILABLE }
