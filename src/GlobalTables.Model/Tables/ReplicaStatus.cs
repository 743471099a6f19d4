namespace GlobalTables.Model.Tables;

/// <summary>A replica's status, as DynamoDB names it. Values are persisted: append only.</summary>
public enum ReplicaStatus : byte
{
    CREATING = 1,
    CREATION_FAILED = 2,
    UPDATING = 3,
    DELETING = 4,
    ACTIVE = 5,
    REGION_DISABLED = 6,
}
