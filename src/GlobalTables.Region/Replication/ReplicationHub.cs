using Akka.Actor;
using Akka.Event;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Configuration;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Keeps one <see cref="ReplicationLink"/> child per (global table, peer replica) running, from the catalog's replica
/// sets, and hands each local write to the links of its table. Questions about the links are asked of them, and the
/// answers piped to the asker.
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

    /// <param name="Phase">What the link is doing now (<see cref="ReplicationLink.LinkStatus.Phase"/>).</param>
    /// <param name="Down">Why the link is failing, and since when; null while it delivers.</param>
    public sealed record LinkMetrics(string Source, string Destination, string Table, ReplicationLatency Latency, string Phase, LinkDown? Down);

    /// <summary>This region can reach its peers again (healed or recovered): resume its own links, and tell each peer to resume its links here.</summary>
    public sealed record Reachable
    {
        public static readonly Reachable Instance = new();
    }

    public const string Path = "/user/replication-hub";

    sealed record Link(IActorRef Actor, string Table, string Peer);

    /// <summary>The shard region of this region's partitions; links fill new replicas through it.</summary>
    readonly IActorRef _partitions;
    int _started;

    readonly Dictionary<(string Tag, string Peer), Link> _links = new();
    readonly Dictionary<string, List<IActorRef>> _byTag = new(StringComparer.Ordinal);
    readonly PeerLinkStates _states;
    readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props(RegionSettings settings, TableDirectory tables, PeerDirectory peers, ReplicationSettings replication, ChangeFeed feed,
        ReplicationLinkSettings links, TimeProvider time, IActorRef partitions) =>
        Akka.Actor.Props.Create(() => new ReplicationHub(settings, tables, peers, replication, feed, links, time, partitions));

    public ReplicationHub(RegionSettings settings, TableDirectory tables, PeerDirectory peers, ReplicationSettings replication, ChangeFeed feed,
        ReplicationLinkSettings linkSettings, TimeProvider time, IActorRef partitions)
    {
        _partitions = partitions;
        _states = new PeerLinkStates(settings.Name);
        var self = Self;
        var system = Context.System;
        tables.Changed += () => self.Tell(Reconcile.Instance);

        Receive<LocalWrite>(w =>
        {
            feed.Add(settings.Name, w.Tag, w.Change, null);
            if (_byTag.TryGetValue(w.Tag, out var links))
                foreach (var link in links) link.Tell(w);
        });
        Receive<Reconcile>(_ =>
        {
            var wanted = tables.All.Values
                .Where(t => t.IsGlobal && t.Status != TableStatus.DELETING)
                .SelectMany(t => t.Replicas!.Where(r => r.RegionName != settings.Name && r.Status is ReplicaStatus.CREATING or ReplicaStatus.ACTIVE)
                    .Select(r => (Table: t, Peer: r.RegionName)))
                .ToList();
            foreach (var (key, link) in _links.Where(l => !wanted.Any(w => w.Table.ReplicationTag == l.Key.Tag && w.Peer == l.Key.Peer)).ToList())
            {
                Context.Stop(link.Actor);
                _links.Remove(key);
                Say(_states.Removed(key.Peer, key.Tag, time.GetUtcNow(), _links.Keys.Any(k => k.Peer == key.Peer)));
            }
            foreach (var (table, peer) in wanted.Where(w => !_links.ContainsKey((w.Table.ReplicationTag, w.Peer))))
            {
                var target = peer;
                var props = ReplicationLink.Props(settings.Name, table, peer,
                    // An isolated region reaches no peer; the links resume from their stored offsets on heal.
                    () => replication.Cut ? null : peers.Find(target),
                    () => replication.LatencyTo(target), replication.AskTimeout, linkSettings, time, _partitions);
                // Numbered: a stopped link's name stays taken until it has stopped.
                _links[(table.ReplicationTag, peer)] = new Link(Context.ActorOf(props, $"link-{++_started}"), table.Name, peer);
            }
            _byTag.Clear();
            foreach (var ((tag, _), link) in _links)
            {
                if (!_byTag.TryGetValue(tag, out var list)) _byTag[tag] = list = [];
                list.Add(link.Actor);
            }
        });
        Receive<ReplicationLink.Stopped>(s =>
        {
            if (!IsCurrent(s.Tag, s.Peer)) return;
            // Every hosted region starts before any is given its peers' addresses: a link that tried meanwhile is no news.
            bool quiet = replication.Stopping || (!replication.Isolated && peers.Find(s.Peer) is null);
            Say(replication.Isolated
                ? _states.Down(s.Peer, s.Tag, $"{settings.Name} is isolated", null, time.GetUtcNow(), quiet)
                : _states.Down(s.Peer, s.Tag, s.Reason, s.Step, time.GetUtcNow(), quiet));
        });
        Receive<ReplicationLink.Resumed>(r =>
        {
            if (IsCurrent(r.Tag, r.Peer)) Say(_states.Up(r.Peer, r.Tag, time.GetUtcNow()));
        });
        Receive<GetPeersCaughtUp>(g =>
        {
            var asker = Sender;
            // A link that does not answer (busy filling a replica) counts as not caught up: the journal is kept for it.
            StatusOf(_byTag.GetValueOrDefault(g.Tag) ?? [], time.GetUtcNow(), replication.AskTimeout).PipeTo(asker, success: links => new PeersCaughtUp(
                links.Where(l => l is not { FallenBehind: true }).Select(l => l?.CaughtUpAt ?? DateTimeOffset.MinValue).DefaultIfEmpty(DateTimeOffset.MaxValue).Min(),
                links.Select(l => l?.CaughtUpAt ?? DateTimeOffset.MinValue).DefaultIfEmpty(DateTimeOffset.MaxValue).Min()));
        });
        Receive<Reachable>(_ =>
        {
            foreach (var link in _links.Values) link.Actor.Tell(ReplicationLink.Wake.Instance);
            foreach (var peer in peers.Regions) peers.Select(system, peer, Path)?.Tell(new PeerReachable(settings.Name));
        });
        Receive<PeerReachable>(p =>
        {
            foreach (var link in _links.Values.Where(l => l.Peer == p.Region)) link.Actor.Tell(ReplicationLink.Wake.Instance);
        });
        Receive<GetMetrics>(_ =>
        {
            var links = _links.Values.ToList();
            StatusOf(links.Select(l => l.Actor).ToList(), time.GetUtcNow(), replication.AskTimeout).PipeTo(Sender, success: statuses =>
                links.Zip(statuses, (l, s) => s is null ? null : new LinkMetrics(settings.Name, l.Peer, l.Table, s.Latency, s.Phase, s.Down)).OfType<LinkMetrics>().ToList());
        });
    }

    /// <summary>The sender is the running link of this table and peer, not one stopped since.</summary>
    bool IsCurrent(string tag, string peer) => _links.TryGetValue((tag, peer), out var link) && link.Actor.Equals(Sender);

    void Say(string? line)
    {
        if (line is not null) _log.Warning("{0}", line);
    }

    /// <summary>Each link's status, or null for a link that did not answer in time.</summary>
    static Task<ReplicationLink.LinkStatus?[]> StatusOf(IReadOnlyList<IActorRef> links, DateTimeOffset now, TimeSpan timeout) =>
        Task.WhenAll(links.Select(async l =>
        {
            try { return await l.Ask<ReplicationLink.LinkStatus>(new ReplicationLink.GetLinkStatus(now), timeout); }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException) { return null; }
        }));

    protected override void PreStart() => Self.Tell(Reconcile.Instance);
}
