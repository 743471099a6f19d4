namespace GlobalTables.Model.Indexes;

/// <summary>One member of UpdateTable's GlobalSecondaryIndexUpdates: exactly one of Create, Update and Delete.</summary>
public sealed record GlobalIndexUpdate(SecondaryIndexRequest? Create = null, string? Delete = null, GlobalIndexThroughput? Update = null);

/// <summary>A GSI's new ProvisionedThroughput (UpdateTable's Update action).</summary>
public sealed record GlobalIndexThroughput(string IndexName, long ReadCapacityUnits, long WriteCapacityUnits);
