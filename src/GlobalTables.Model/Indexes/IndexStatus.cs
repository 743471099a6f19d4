namespace GlobalTables.Model.Indexes;

/// <summary>A secondary index's IndexStatus.</summary>
public enum IndexStatus { CREATING, UPDATING, DELETING, ACTIVE }
