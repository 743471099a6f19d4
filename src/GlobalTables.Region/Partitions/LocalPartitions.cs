using System.Collections.Immutable;
using Akka.Actor;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// The partitions running on this node, as <see cref="PartitionReceptionist"/> last published them. A message for one
/// of them goes to it directly; through sharding it would pass the shard region, the shard and the partition's backoff
/// supervisor first, three mailboxes and as many thread hops (docs/performance.md). Any other partition, or one that
/// stopped since it was listed, is asked through sharding, which knows where it runs now.
/// </summary>
public sealed class LocalPartitions
{
    volatile ImmutableDictionary<string, IActorRef> _running = ImmutableDictionary.Create<string, IActorRef>(StringComparer.Ordinal);

    public IActorRef? Find(string entityId) => _running.GetValueOrDefault(entityId);

    /// <summary>The listing as last published; only <see cref="PartitionReceptionist"/> changes it.</summary>
    internal ImmutableDictionary<string, IActorRef> Running => _running;

    internal void Publish(ImmutableDictionary<string, IActorRef> running) => _running = running;

    /// <summary>
    /// Asks the partition the envelope names: directly when it runs here, through <paramref name="sharding"/> otherwise.
    /// A direct message that finds the partition stopped went to dead letters unprocessed, so it goes again through sharding.
    /// </summary>
    public Task<T> AskAsync<T>(PartitionEnvelope envelope, IActorRef sharding, TimeSpan timeout)
    {
        if (Find(envelope.EntityId) is not { } partition) return sharding.Ask<T>(envelope, timeout);
        return AskDirectAsync<T>(partition, envelope, sharding, timeout);
    }

    static async Task<T> AskDirectAsync<T>(IActorRef partition, PartitionEnvelope envelope, IActorRef sharding, TimeSpan timeout)
    {
        try
        {
            return await partition.Ask<T>(envelope.Message, timeout);
        }
        catch (UndeliveredException)
        {
            return await sharding.Ask<T>(envelope, timeout);
        }
    }
}
