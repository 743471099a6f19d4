using System.Collections.Immutable;
using Akka.Actor;
using GlobalTables.Model.Tables;

namespace GlobalTables.Region.Catalog;

/// <summary>
/// Keeps this node's <see cref="TableDirectory"/> in step with the catalog, a cluster singleton that may run on another
/// node of the region (docs/cluster.md). It subscribes through the singleton's proxy, and again whenever the catalog it
/// heard from stops (the singleton moved, or restarted after a journal failure); each subscription starts with the whole
/// directory, so a node that joins later, or outlives a move, sees every table at once.
/// </summary>
public sealed class DirectorySubscriber : ReceiveActor, IWithTimers
{
    sealed record Resubscribe
    {
        public static readonly Resubscribe Instance = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    readonly TableDirectory _directory;
    readonly IActorRef _catalog;
    readonly TimeSpan _retry;
    IActorRef? _subscribedTo;
    List<IActorRef>? _awaiting = [];

    public static Props Props(TableDirectory directory, IActorRef catalogProxy, TimeSpan retry) =>
        Akka.Actor.Props.Create(() => new DirectorySubscriber(directory, catalogProxy, retry));

    public DirectorySubscriber(TableDirectory directory, IActorRef catalogProxy, TimeSpan retry)
    {
        _directory = directory;
        _catalog = catalogProxy;
        _retry = retry;

        Receive<DirectoryChanged>(OnChanged);
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_subscribedTo)) return;
            _subscribedTo = null;
            Subscribe();
        });
        Receive<Resubscribe>(_ => _catalog.Tell(SubscribeDirectory.Instance));
        Receive<AwaitDirectory>(_ =>
        {
            if (_awaiting is null) Sender.Tell(new DirectoryChanged(null, _directory.Version));
            else _awaiting.Add(Sender);
        });
    }

    protected override void PreStart() => Subscribe();

    /// <summary>The proxy holds the request until it finds the catalog; the timer asks again in case it went astray.</summary>
    void Subscribe()
    {
        _catalog.Tell(SubscribeDirectory.Instance);
        Timers.StartPeriodicTimer("subscribe", Resubscribe.Instance, _retry);
    }

    void OnChanged(DirectoryChanged changed)
    {
        if (changed.Tables is { } tables)
            _directory.Publish(ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
                tables.Select(t => KeyValuePair.Create(t.Name, t))), changed.Version);
        if (Sender.Equals(_subscribedTo)) return;
        if (_subscribedTo is not null) Context.Unwatch(_subscribedTo);
        _subscribedTo = Sender;
        Context.Watch(Sender);
        Timers.Cancel("subscribe");
        if (_awaiting is null) return;
        foreach (var waiting in _awaiting) waiting.Tell(new DirectoryChanged(null, _directory.Version));
        _awaiting = null;
    }
}
