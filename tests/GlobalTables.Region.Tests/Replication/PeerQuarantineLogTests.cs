using Akka.Actor;
using Akka.Event;
using Akka.Remote;

namespace GlobalTables.Region.Tests.Replication;

/// <summary>
/// A region says once that Akka.Remote quarantined a peer region's node, or that a peer's node quarantined it: replication
/// between them is dead until a restart, and Akka's own lines for it are not logged. Its own nodes' quarantines are not said.
/// </summary>
public sealed class PeerQuarantineLogTests : RegionNodeTests
{
    [Fact]
    public async Task A_peer_nodes_quarantine_either_way_is_said_once_and_the_regions_own_node_is_not()
    {
        var warnings = Inbox.Create(Node.System);
        Node.System.EventStream.Subscribe(warnings.Receiver, typeof(Warning));
        var peer = new Address("akka.tcp", "region-eu-west-2", "127.0.0.1", 30782);
        var ownNode = new Address("akka.tcp", Node.System.Name, "127.0.0.1", 30791);

        Node.System.EventStream.Publish(new QuarantinedEvent(ownNode, 7));
        Node.System.EventStream.Publish(new QuarantinedEvent(peer, 42));
        Node.System.EventStream.Publish(new QuarantinedEvent(peer, 42));
        Node.System.EventStream.Publish(new ThisActorSystemQuarantinedEvent(Node.Address, peer));
        Node.System.EventStream.Publish(new ThisActorSystemQuarantinedEvent(Node.Address, peer));
        // A marker after them: once it is seen, every line they made was logged before it.
        Node.System.EventStream.Publish(new QuarantinedEvent(peer, 43));

        var said = new List<string>();
        while (said.Count == 0 || !said[^1].Contains("incarnation 43"))
            if (await warnings.ReceiveAsync(TimeSpan.FromSeconds(10)) is Warning { LogSource: var source } w && source.Contains("peer-quarantine-log"))
                said.Add(w.Message.ToString()!);

        Assert.Equal([
            "akka.tcp://region-eu-west-2@127.0.0.1:30782 (incarnation 42) is quarantined: nothing passes to or from it until it restarts",
            "akka.tcp://region-eu-west-2@127.0.0.1:30782 quarantined this node: nothing passes between them until this node restarts",
            "akka.tcp://region-eu-west-2@127.0.0.1:30782 (incarnation 43) is quarantined: nothing passes to or from it until it restarts",
        ], said);
    }
}
