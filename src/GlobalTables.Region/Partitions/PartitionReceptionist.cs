using Akka.Actor;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// Keeps this node's <see cref="LocalPartitions"/>: each partition entity registers itself as it starts, and leaves the
/// listing when it terminates (death watch), whether sharding handed it off or its journal failed. A partition started
/// again under the same id replaces the one before, whose termination then removes nothing.
/// </summary>
public sealed class PartitionReceptionist : ReceiveActor
{
    /// <summary>Told by a partition entity as it starts.</summary>
    public sealed record Register(string EntityId, IActorRef Partition);

    readonly LocalPartitions _partitions;
    readonly Dictionary<IActorRef, string> _entityIds = [];

    public static Props Props(LocalPartitions partitions) => Akka.Actor.Props.Create(() => new PartitionReceptionist(partitions));

    public PartitionReceptionist(LocalPartitions partitions)
    {
        _partitions = partitions;
        Receive<Register>(r =>
        {
            if (_entityIds.TryAdd(r.Partition, r.EntityId)) Context.Watch(r.Partition);
            _partitions.Publish(_partitions.Running.SetItem(r.EntityId, r.Partition));
        });
        Receive<Terminated>(t =>
        {
            if (!_entityIds.Remove(t.ActorRef, out var entityId)) return;
            var running = _partitions.Running;
            if (running.TryGetValue(entityId, out var current) && current.Equals(t.ActorRef)) _partitions.Publish(running.Remove(entityId));
        });
    }
}
