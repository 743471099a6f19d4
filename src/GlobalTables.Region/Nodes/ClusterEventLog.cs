using Akka.Actor;
using Akka.Cluster;
using Akka.Event;

namespace GlobalTables.Region.Nodes;

/// <summary>
/// Says once each change of a region's members that changes who serves what: a node up, unreachable, reachable again
/// or removed, and the node its singletons (catalog, transaction coordinator, replication hub) move to, which is the
/// oldest. A one-node region says nothing: its own start is no change.
/// </summary>
public sealed class ClusterEventLog : ReceiveActor
{
    readonly ILoggingAdapter _log = Context.GetLogger();
    readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    readonly string _region;
    readonly SortedSet<Member> _up = new(Member.AgeOrdering);
    Address? _oldest;

    public static Props Props(string region) => Akka.Actor.Props.Create(() => new ClusterEventLog(region));

    public ClusterEventLog(string region)
    {
        _region = region;
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var m in state.Members.Where(m => m.Status == MemberStatus.Up)) _up.Add(m);
            _oldest = _up.FirstOrDefault()?.Address;
        });
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (!_up.Add(up.Member)) return;
            if (up.Member.Address != _cluster.SelfAddress) _log.Warning("{0}: node {1} is up; {2} nodes", _region, up.Member.Address, _up.Count);
            OldestChanged();
        });
        Receive<ClusterEvent.UnreachableMember>(u => _log.Warning("{0}: node {1} is unreachable", _region, u.Member.Address));
        Receive<ClusterEvent.ReachableMember>(r => _log.Warning("{0}: node {1} is reachable again", _region, r.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            _up.RemoveWhere(m => m.UniqueAddress == removed.Member.UniqueAddress);
            // A node that is leaving itself sees the others go as it shuts down: no change of the region.
            if (_cluster.SelfMember.Status != MemberStatus.Up) return;
            _log.Warning("{0}: node {1} left the region ({2}); {3} nodes", _region, removed.Member.Address,
                removed.PreviousStatus == MemberStatus.Down ? "downed" : "left", _up.Count);
            OldestChanged();
        });
    }

    void OldestChanged()
    {
        var oldest = _up.FirstOrDefault()?.Address;
        if (oldest is null || oldest == _oldest) return;
        bool first = _oldest is null;
        _oldest = oldest;
        if (!first) _log.Warning("{0}: the catalog, transaction coordinator and replication hub move to node {1}", _region, oldest);
    }

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember));

    protected override void PostStop() => _cluster.Unsubscribe(Self);
}
