using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Tables;

/// <summary>A table as the region's catalog holds it. Persisted whole on every change.</summary>
public sealed record TableDefinition(
    string Name,
    string TableId,
    KeySchema KeySchema,
    IReadOnlyList<KeyAttribute> AttributeDefinitions,
    BillingMode BillingMode,
    long ReadCapacityUnits,
    long WriteCapacityUnits,
    int PartitionCount,
    TableStatus Status,
    DateTimeOffset CreationDateTime,
    DateTimeOffset? LastIncreaseDateTime = null,
    DateTimeOffset? LastDecreaseDateTime = null,
    int NumberOfDecreasesToday = 0,
    DateTimeOffset? BillingModeLastUpdate = null)
{
    public string Arn(string region, string account) => $"arn:aws:dynamodb:{region}:{account}:table/{Name}";

    /// <summary>The persistence and sharding name of one partition; the id keeps a re-created table apart from the old one.</summary>
    public string PartitionEntityId(int partition) => $"{Name}@{TableId[..8]}/{partition}";

    public AttributeType TypeOf(string attribute) => AttributeDefinitions.First(a => a.Name == attribute).Type;
}
