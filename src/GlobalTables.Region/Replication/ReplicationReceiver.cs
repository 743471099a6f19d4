using Akka.Actor;
using Akka.Cluster;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Region.Replication;

/// <summary>
/// A region's entry point for its peers' changes, on every node: routes each to the partition that owns its key,
/// where the LWW rule runs, then stores the source's offsets and acknowledges. Offsets are read and stored off the actor's
/// thread, their results piped to the sender.
/// </summary>
public sealed class ReplicationReceiver : ReceiveActor
{
    public const string Path = "/user/replication-receiver";

    public static Props Props(string region, TableDirectory tables, IActorRef partitions, IActorRef catalog, OffsetStore offsets, TimeSpan askTimeout, ChangeFeed feed,
        ReplicationSettings replication) =>
        Akka.Actor.Props.Create(() => new ReplicationReceiver(region, tables, partitions, catalog, offsets, askTimeout, feed, replication));

    public ReplicationReceiver(string region, TableDirectory tables, IActorRef partitions, IActorRef catalog, OffsetStore offsets, TimeSpan askTimeout, ChangeFeed feed,
        ReplicationSettings replication)
    {
        Receive<GetReplicationOffsets>(g => offsets.LoadAsync(g.SourceRegion, g.SourceTag).PipeTo(Sender));
        // Every node runs a receiver and serves the whole region (partitions through sharding, the catalog through its
        // proxy, the offsets from the shared store), so a source may send to any node that is up.
        var cluster = Cluster.Get(Context.System);
        Receive<GetRegionMembers>(_ =>
        {
            var state = cluster.State;
            Sender.Tell(new RegionMembers(state.Members.Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m))
                .Select(m => m.Address.ToString()).ToList()));
        });
        Receive<ReplicateBatch>(batch =>
        {
            if (replication.Cut)
            {
                // A stopping region refuses at once, rather than leave the source waiting for a reply it cannot send.
                Sender.Tell(new Status.Failure(new InvalidOperationException(replication.Isolated ? $"{region} is isolated" : $"{region} is stopping")));
                return;
            }
            var table = tables.Find(batch.Table);
            if (table is null || table.Status == TableStatus.DELETING)
            {
                Sender.Tell(new Status.Failure(new InvalidOperationException($"No replica of {batch.Table} here")));
                return;
            }
            ApplyAsync(batch, table, partitions, catalog, offsets, askTimeout, region, feed).PipeTo(Sender);
        });
    }

    static async Task<BatchApplied> ApplyAsync(ReplicateBatch batch, TableDefinition table, IActorRef partitions, IActorRef catalog, OffsetStore offsets, TimeSpan askTimeout,
        string region, ChangeFeed feed)
    {
        var byPartition = batch.Changes.GroupBy(c => c.Key.PartitionOf(table.PartitionCount)).ToList();
        var applied = await Task.WhenAll(byPartition.Select(g => partitions.Ask<ReplicatedApplied>(
            new PartitionEnvelope(table.PartitionEntityId(g.Key), new ApplyReplicated(g.ToList(), batch.FillProgress is not null)), askTimeout)));
        for (int p = 0; p < byPartition.Count; p++)
            foreach (var (change, outcome) in byPartition[p].Zip(applied[p].Outcomes))
                if (outcome != Model.Replication.ApplyOutcome.Stale) feed.Add(region, table.ReplicationTag, change, outcome);
        if (batch.UpTo is { } upTo) await offsets.StoreAsync(batch.SourceRegion, batch.SourceTag, upTo, batch.CaughtUpTicks ?? 0);
        if (table.Status == TableStatus.CREATING)
        {
            // A fill's chunks report how far it has come; its last message, which stores the offsets, completes it. A source
            // whose fill completed before a restart here finishes it again once its link is caught up.
            if (batch.FillProgress is { } fill) catalog.Tell(new ReplicaFillProgress(table.Name, batch.SourceRegion, fill.Sent, fill.Total));
            else if (batch.CaughtUpTicks is not null) catalog.Tell(new ReplicaFillProgress(table.Name, batch.SourceRegion, 0, 0));
        }
        return new BatchApplied(batch.Changes.Count);
    }
}
