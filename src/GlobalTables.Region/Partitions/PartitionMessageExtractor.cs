using Akka.Cluster.Sharding;

namespace GlobalTables.Region.Partitions;

/// <summary>Routes <see cref="PartitionEnvelope"/>s to entities by their id.</summary>
public sealed class PartitionMessageExtractor(int shardCount) : HashCodeMessageExtractor(shardCount)
{
    public override string? EntityId(object message) => message switch
    {
        PartitionEnvelope e => e.EntityId,
        _ => null,
    };

    public override object? EntityMessage(object message) => message is PartitionEnvelope e ? e.Message : message;
}
