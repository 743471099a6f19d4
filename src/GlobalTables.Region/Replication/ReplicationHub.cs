using Akka.Actor;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Configuration;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Keeps one <see cref="ReplicationLink"/> per (global table, peer replica) open, from the catalog's
/// replica sets, and hands each local write to the links of its table.
/// </summary>
public sealed class ReplicationHub : ReceiveActor
{
    sealed record Reconcile
    {
        public static readonly Reconcile Instance = new();
    }

    /// <summary>Asks for every link's metrics; replies a list of <see cref="LinkMetrics"/>.</summary>
    public sealed record GetMetrics
    {
        public static readonly GetMetrics Instance = new();
    }

    public sealed record LinkMetrics(string Source, string Destination, string Table, ReplicationLatency Latency);

    /// <summary>This region can reach its peers again (healed or recovered): resume its own links, and tell each peer to resume its links here.</summary>
    public sealed record Reachable
    {
        public static readonly Reachable Instance = new();
    }

    public const string Path = "/user/replication-hub";

    /// <summary>The shard region of this region's partitions; links read snapshots through it.</summary>
    readonly IActorRef _partitions;

    readonly Dictionary<(string Tag, string Peer), ReplicationLink> _links = new();
    readonly Dictionary<string, List<ReplicationLink>> _byTag = new(StringComparer.Ordinal);

    public static Props Props(RegionSettings settings, TableDirectory tables, PeerDirectory peers, ReplicationSettings replication, string connectionString, ChangeFeed feed,
        ReplicationLinkSettings links, TimeProvider time, IActorRef partitions) =>
        Akka.Actor.Props.Create(() => new ReplicationHub(settings, tables, peers, replication, connectionString, feed, links, time, partitions));

    public ReplicationHub(RegionSettings settings, TableDirectory tables, PeerDirectory peers, ReplicationSettings replication, string connectionString, ChangeFeed feed,
        ReplicationLinkSettings linkSettings, TimeProvider time, IActorRef partitions)
    {
        _partitions = partitions;
        var self = Self;
        var system = Context.System;
        tables.Changed += () => self.Tell(Reconcile.Instance);

        Receive<LocalWrite>(w =>
        {
            feed.Add(settings.Name, w.Change, null);
            if (_byTag.TryGetValue(w.Tag, out var links))
                foreach (var link in links) link.Push(w.Change);
        });
        Receive<Reconcile>(_ =>
        {
            var wanted = tables.All.Values
                .Where(t => t.IsGlobal && t.Status != TableStatus.DELETING)
                .SelectMany(t => t.Replicas!.Where(r => r.RegionName != settings.Name && r.Status is ReplicaStatus.CREATING or ReplicaStatus.ACTIVE)
                    .Select(r => (t.ReplicationTag, Table: t.Name, Peer: r.RegionName)))
                .ToList();
            foreach (var (key, link) in _links.Where(l => !wanted.Any(w => w.ReplicationTag == l.Key.Tag && w.Peer == l.Key.Peer)).ToList())
            {
                link.Dispose();
                _links.Remove(key);
            }
            foreach (var (tag, table, peer) in wanted.Where(w => !_links.ContainsKey((w.ReplicationTag, w.Peer))))
            {
                var snapshotOf = table;
                _links[(tag, peer)] = new ReplicationLink(system, settings.Name, tag, table, peer,
                    // An isolated region reaches no peer; the links resume from their stored offsets on heal.
                    () => replication.Isolated ? null : peers.Select(system, peer, ReplicationReceiver.Path),
                    () => replication.LatencyTo(peer), connectionString, replication.AskTimeout, linkSettings, time,
                    () => SnapshotAsync(tables, snapshotOf, settings.Name, replication.AskTimeout));
            }
            _byTag.Clear();
            foreach (var ((tag, _), link) in _links)
            {
                if (!_byTag.TryGetValue(tag, out var list)) _byTag[tag] = list = [];
                list.Add(link);
            }
        });
        Receive<GetPeersCaughtUp>(g =>
        {
            var now = time.GetUtcNow();
            var links = _byTag.GetValueOrDefault(g.Tag) ?? [];
            Sender.Tell(new PeersCaughtUp(
                links.Where(l => !l.FallenBehind(now)).Select(l => l.CaughtUpAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min(),
                links.Select(l => l.CaughtUpAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min()));
        });
        Receive<Reachable>(_ =>
        {
            foreach (var link in _links.Values) link.Wake();
            foreach (var peer in peers.Regions) peers.Select(system, peer, Path)?.Tell(new PeerReachable(settings.Name));
        });
        Receive<PeerReachable>(p =>
        {
            foreach (var link in _links.Values.Where(l => l.Peer == p.Region)) link.Wake();
        });
        Receive<GetMetrics>(_ => Sender.Tell(_links.Select(l =>
            new LinkMetrics(settings.Name, l.Key.Peer, l.Value.Tag[..l.Value.Tag.LastIndexOf('@')], l.Value.Snapshot())).ToList()));
    }

    protected override void PreStart() => Self.Tell(Reconcile.Instance);

    /// <summary>Every item of a table here, as changes a new replica can apply: current image, Version, Context and lineage.</summary>
    async Task<IReadOnlyList<Model.Partitions.ItemChanged>> SnapshotAsync(TableDirectory tables, string tableName, string region, TimeSpan timeout)
    {
        var table = tables.Find(tableName) ?? throw new InvalidOperationException($"No table {tableName}");
        var partitions = _partitions;
        var dumps = await Task.WhenAll(Enumerable.Range(0, table.PartitionCount).Select(p =>
            partitions.Ask<ItemsDumped>(new Partitions.PartitionEnvelope(table.PartitionEntityId(p), DumpItems.Instance), timeout)));
        // The merged Context goes as the change's own, so the new replica holds exactly what this one holds.
        return dumps.SelectMany(d => d.Items).Select(e => new Model.Partitions.ItemChanged(
            table.Name, e.Key, e.Item.Image, e.Item.Version, e.Item.Context, null, region, e.Item.DataLineage)).ToList();
    }

    protected override void PostStop()
    {
        foreach (var link in _links.Values) link.Dispose();
    }
}
