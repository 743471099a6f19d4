using Akka.Actor;
using Akka.TestKit.Xunit2;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Region.Tests.Partitions;

/// <summary>
/// Partitions running on this node are asked directly, past sharding's three mailboxes; one that stopped since it was
/// listed is asked again through sharding, and the listing follows the partitions' lives.
/// </summary>
public sealed class LocalPartitionsTests : TestKit
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Stands for a partition: answers with what it was sent and its own name.</summary>
    sealed class Partition : ReceiveActor
    {
        public Partition() => ReceiveAny(m => Sender.Tell($"{Self.Path.Name} got {m}"));
    }

    /// <summary>Stands for the shard region: answers for the entity the envelope names.</summary>
    sealed class Sharding : ReceiveActor
    {
        public Sharding() => Receive<PartitionEnvelope>(e => Sender.Tell($"sharding got {e.Message} for {e.EntityId}"));
    }

    readonly IActorRef _sharding;
    readonly LocalPartitions _partitions = new();
    readonly IActorRef _receptionist;

    public LocalPartitionsTests(Xunit.Abstractions.ITestOutputHelper output) : base("akka.loglevel = WARNING", "local-partitions", output)
    {
        _sharding = Sys.ActorOf(Props.Create(() => new Sharding()), "sharding");
        _receptionist = Sys.ActorOf(PartitionReceptionist.Props(_partitions), "receptionist");
        Sys.ActorOf(DeadLetterReplier.Props(), "dead-letter-replier");
    }

    IActorRef Start(string name) => Sys.ActorOf(Props.Create(() => new Partition()), name);

    void Register(string entityId, IActorRef partition)
    {
        _receptionist.Tell(new PartitionReceptionist.Register(entityId, partition));
        AwaitCondition(() => partition.Equals(_partitions.Find(entityId)), Timeout);
    }

    [Fact]
    public async Task A_listed_partition_gets_the_message_itself_and_any_other_goes_through_sharding()
    {
        Register("t/0", Start("p0"));

        Assert.Equal("p0 got read", await _partitions.AskAsync<string>(new PartitionEnvelope("t/0", "read"), _sharding, Timeout));
        Assert.Equal("sharding got read for t/1", await _partitions.AskAsync<string>(new PartitionEnvelope("t/1", "read"), _sharding, Timeout));
    }

    [Fact]
    public async Task A_partition_that_stopped_after_it_was_listed_is_asked_again_through_sharding()
    {
        // Listed without the receptionist, so that its stop cannot take it off the listing first.
        var stopped = Start("gone");
        Watch(stopped);
        Sys.Stop(stopped);
        ExpectTerminated(stopped);
        _partitions.Publish(System.Collections.Immutable.ImmutableDictionary<string, IActorRef>.Empty.Add("t/0", stopped));

        Assert.Equal("sharding got write for t/0", await _partitions.AskAsync<string>(new PartitionEnvelope("t/0", "write"), _sharding, Timeout));
    }

    [Fact]
    public void A_partition_leaves_the_listing_when_it_stops_and_one_started_again_stays_when_the_one_before_stops()
    {
        var first = Start("first");
        Register("t/0", first);
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitCondition(() => _partitions.Find("t/0") is null, Timeout);

        // The next incarnation registers before the one it replaces has terminated (a backoff restart can run that close).
        var older = Start("older");
        var newer = Start("newer");
        Register("t/1", older);
        Register("t/1", newer);
        Watch(older);
        Sys.Stop(older);
        ExpectTerminated(older);
        // The receptionist has handled the older one's termination once a later message to it has been handled.
        var marker = Start("marker");
        Register("t/2", marker);
        Assert.Equal(newer, _partitions.Find("t/1"));
    }
}
