using GlobalTables.Model.Attributes;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Streams;

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
    DateTimeOffset? BillingModeLastUpdate = null,
    IReadOnlyList<ReplicaInfo>? Replicas = null,
    string? StreamViewType = null,
    DateTimeOffset? StreamEnabledAt = null,
    IReadOnlyList<TableStream>? EndedStreams = null,
    IReadOnlyList<SecondaryIndexDefinition>? Indexes = null,
    IReadOnlyList<TableTag>? Tags = null,
    TimeToLive? TimeToLive = null,
    PointInTimeRecovery? PointInTimeRecovery = null,
    RestoreSummary? Restore = null)
{
    /// <summary>The table's secondary indexes, local ones first.</summary>
    public IReadOnlyList<SecondaryIndexDefinition> SecondaryIndexes => Indexes ?? [];

    public SecondaryIndexDefinition? Index(string name) => SecondaryIndexes.FirstOrDefault(i => i.Name == name);

    /// <summary>
    /// What the table's partitions keep index entries for: every index not being deleted, as far as it shapes entries
    /// (names, keys, projections); status and throughput are the catalog's alone.
    /// </summary>
    public Partitions.IndexesDefined IndexesDefined => new(KeySchema, SecondaryIndexes
        .Where(i => i.Status != IndexStatus.DELETING)
        .Select(i => i with { Status = IndexStatus.ACTIVE, Backfilling = false, ReadCapacityUnits = 0, WriteCapacityUnits = 0 })
        .ToList());

    public const string GlobalTableVersion = "2019.11.21";

    /// <summary>The enabled stream, if any.</summary>
    public TableStream? Stream => StreamViewType is null ? null : new(StreamViewType, StreamEnabledAt ?? CreationDateTime);

    /// <summary>Every stream the table has had, oldest first; only the last can be enabled.</summary>
    public IEnumerable<TableStream> Streams => Stream is { } s ? [.. EndedStreams ?? [], s] : EndedStreams ?? [];

    /// <summary>A table with replicas in more than its own region.</summary>
    public bool IsGlobal => Replicas is { Count: > 1 };

    public IEnumerable<string> PeerRegions(string self) =>
        (Replicas ?? []).Where(r => r.RegionName != self).Select(r => r.RegionName);

    /// <summary>The tag on this table's locally originated changes, which replication links read.</summary>
    public string ReplicationTag => $"{Name}@{TableId[..8]}";

    public string Arn(string region, string account) => $"arn:aws:dynamodb:{region}:{account}:table/{Name}";

    /// <summary>The persistence and sharding name of one partition; the id keeps a re-created table apart from the old one.</summary>
    public string PartitionEntityId(int partition) => $"{Name}@{TableId[..8]}/{partition}";

    public AttributeType TypeOf(string attribute) => AttributeDefinitions.First(a => a.Name == attribute).Type;
}
