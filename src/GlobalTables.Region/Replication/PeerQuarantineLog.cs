using Akka.Actor;
using Akka.Event;
using Akka.Remote;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Says once when Akka.Remote quarantines a node of a peer region, or a peer region's node says it quarantined this one:
/// no message passes between the two incarnations again, so replication between them stops until one restarts. Akka's
/// own lines for it are at the remoting lifecycle's level, which the region does not log (config/akka.conf). The region's
/// own nodes (the same ActorSystem name) are left to <see cref="Nodes.ClusterEventLog"/>: a removed node is quarantined by design.
/// </summary>
public sealed class PeerQuarantineLog : ReceiveActor
{
    readonly ILoggingAdapter _log = Context.GetLogger();
    readonly HashSet<(Address, int)> _quarantined = [];
    readonly HashSet<Address> _quarantinedBy = [];

    public static Props Props() => Akka.Actor.Props.Create(() => new PeerQuarantineLog());

    public PeerQuarantineLog()
    {
        string system = Context.System.Name;
        Receive<QuarantinedEvent>(q =>
        {
            if (q.Address.System != system && _quarantined.Add((q.Address, q.Uid)))
                _log.Warning("{0} (incarnation {1}) is quarantined: nothing passes to or from it until it restarts", q.Address, q.Uid);
        });
        Receive<ThisActorSystemQuarantinedEvent>(q =>
        {
            if (q.RemoteAddress.System != system && _quarantinedBy.Add(q.RemoteAddress))
                _log.Warning("{0} quarantined this node: nothing passes between them until this node restarts", q.RemoteAddress);
        });
    }

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(QuarantinedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(ThisActorSystemQuarantinedEvent));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
