using Akka.Actor;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// Keeps running the partitions of every table with time to live set. Sharding starts an entity only when a message
/// reaches it (remember-entities is off), so after a restart or a rebalance a partition no one writes to or reads would
/// never look for its expired items. Every scan interval each node sends <see cref="StartPartition"/> to them all.
/// </summary>
public static class PartitionStarter
{
    public static ICancelable Schedule(ActorSystem system, IActorRef partitions, TableDirectory tables, TimeSpan interval) =>
        system.Scheduler.Advanced.ScheduleRepeatedlyCancelable(TimeSpan.Zero, interval, () =>
        {
            foreach (var table in tables.All.Values)
            {
                // A table being created or deleted has partitions that are not there yet, or are being dropped.
                if (table.TimeToLive is not { Enabled: true } || table.Status is not (TableStatus.ACTIVE or TableStatus.UPDATING)) continue;
                for (int p = 0; p < table.PartitionCount; p++)
                    partitions.Tell(new PartitionEnvelope(table.PartitionEntityId(p), StartPartition.Instance));
            }
        });
}
