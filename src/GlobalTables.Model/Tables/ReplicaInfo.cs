namespace GlobalTables.Model.Tables;

/// <summary>One replica of a global table, as every replica's catalog records it.</summary>
public sealed record ReplicaInfo(string RegionName, ReplicaStatus Status, int? PercentProgress = null);
