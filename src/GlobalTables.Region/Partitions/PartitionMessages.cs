using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Region.Partitions;

/// <summary>Addresses a message to one partition entity through cluster sharding.</summary>
public sealed record PartitionEnvelope(string EntityId, object Message);

/// <summary>Decide, persist and apply one write; replies a <see cref="WriteDecision"/>.</summary>
public sealed record WriteItem(WriteRequest Request);

/// <summary>Reads one item after every write already accepted; replies <see cref="ItemRead"/>.</summary>
public sealed record ReadItem(ItemKey Key);

public sealed record ItemRead(IReadOnlyDictionary<string, AttributeValue>? Image);

/// <summary>Asks for ItemCount and TableSizeBytes; replies <see cref="PartitionStats"/>.</summary>
public sealed record GetPartitionStats
{
    public static readonly GetPartitionStats Instance = new();
}

/// <param name="WaitingCommands">Commands waiting for an unconfirmed write on their item.</param>
public sealed record PartitionStats(long ItemCount, long SizeBytes, int WaitingCommands = 0);

/// <summary>Deletes the partition's journal and stops it, when its table is deleted; replies <see cref="PartitionDropped"/>.</summary>
public sealed record DropPartition
{
    public static readonly DropPartition Instance = new();
}

public sealed record PartitionDropped(string EntityId);
