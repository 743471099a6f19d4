namespace GlobalTables.Model.Indexes;

/// <summary>Which attributes a secondary index copies from the table, in DynamoDB's words.</summary>
public enum ProjectionType { ALL, KEYS_ONLY, INCLUDE }
