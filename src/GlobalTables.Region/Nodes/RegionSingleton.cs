using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace GlobalTables.Region.Nodes;

/// <summary>
/// What a region holds once, however many nodes it spans (docs/cluster.md): a ClusterSingletonManager on every node runs
/// the actor on the oldest node only, and a ClusterSingletonProxy named as the actor finds it from any node. The proxy
/// keeps the actor's old path (<c>/user/catalog</c>, <c>/user/replication-hub</c>), so peer regions reach it as before.
/// </summary>
public static class RegionSingleton
{
    /// <summary>Starts this node's manager of the singleton and returns its proxy.</summary>
    /// <param name="underSystem">Under <c>/system</c>, for actors an Akka extension starts, rather than <c>/user</c>.</param>
    public static IActorRef Start(ActorSystem system, Props props, string name, bool underSystem = false)
    {
        Manage(system, props, name, underSystem);
        return Proxy(system, name, underSystem);
    }

    /// <summary>The proxy alone, for a singleton whose props need what the proxy is handed to first; <see cref="Manage"/> follows.</summary>
    public static IActorRef Proxy(ActorSystem system, string name, bool underSystem = false) =>
        ActorOf(system, ClusterSingletonProxy.Props($"/{(underSystem ? "system" : "user")}/{ManagerName(name)}",
            ClusterSingletonProxySettings.Create(system).WithSingletonName(name)), name, underSystem);

    /// <summary>This node's manager of the singleton; it runs the actor while this node is the region's oldest.</summary>
    public static void Manage(ActorSystem system, Props props, string name, bool underSystem = false) =>
        // PoisonPill: the singleton finishes the messages it holds before it hands over.
        ActorOf(system, ClusterSingletonManager.Props(props, PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithSingletonName(name)), ManagerName(name), underSystem);

    static string ManagerName(string name) => name + "-singleton";

    static IActorRef ActorOf(ActorSystem system, Props props, string name, bool underSystem) =>
        underSystem ? ((ExtendedActorSystem)system).SystemActorOf(props, name) : system.ActorOf(props, name);
}
