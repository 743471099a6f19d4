namespace GlobalTables.Model.Attributes;

/// <summary>The ten DynamoDB data types. Values are persisted: append only.</summary>
public enum AttributeType : byte
{
    S = 1,
    N = 2,
    B = 3,
    BOOL = 4,
    NULL = 5,
    M = 6,
    L = 7,
    SS = 8,
    NS = 9,
    BS = 10,
}
