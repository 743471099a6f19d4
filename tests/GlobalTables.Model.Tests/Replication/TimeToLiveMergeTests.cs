using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Tests.Replication;

/// <summary>
/// Rule 4 of the merge (docs/replication.md): a time to live delete concurrent with a write wins only if the write's
/// item is itself expired at the delete's time. Each case runs in two replicas, each applying the other's write on its
/// own, so both orders of arrival are decided; they must pick the same winner and log the same loser.
/// </summary>
public sealed class TimeToLiveMergeTests
{
    const string Us = "us-east-1";
    const string Eu = "eu-west-2";
    const string Attribute = "expires";
    static readonly ItemKey Key = new(AttributeValue.FromS("k"), null);
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T12:00:00Z");

    sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now = T0;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    sealed class Pair
    {
        readonly ManualTime _usTime = new(), _euTime = new();
        public PartitionState Us { get; }
        public PartitionState Eu { get; }
        public List<LostUpdate> UsLogged { get; } = [];
        public List<LostUpdate> EuLogged { get; } = [];
        long _usSequence, _euSequence;

        public Pair()
        {
            Us = new PartitionState("T", TimeToLiveMergeTests.Us, new HybridLogicalClock(_usTime));
            Eu = new PartitionState("T", TimeToLiveMergeTests.Eu, new HybridLogicalClock(_euTime));
        }

        /// <summary>Decides and applies a write in us-east-1 at <paramref name="at"/> seconds after T0.</summary>
        public ItemChanged InUs(WriteRequest request, int at) => Decide(Us, _usTime, ref _usSequence, request, at);

        public ItemChanged InEu(WriteRequest request, int at) => Decide(Eu, _euTime, ref _euSequence, request, at);

        static ItemChanged Decide(PartitionState state, ManualTime time, ref long sequence, WriteRequest request, int at)
        {
            time.Now = T0.AddSeconds(at);
            var change = state.Decide(request).Change ?? throw new InvalidOperationException("Nothing decided");
            state.Apply(change, ++sequence);
            return change;
        }

        public ApplyOutcome ToUs(ItemChanged change) => Receive(Us, ref _usSequence, UsLogged, change, TimeToLiveMergeTests.Eu);

        public ApplyOutcome ToEu(ItemChanged change) => Receive(Eu, ref _euSequence, EuLogged, change, TimeToLiveMergeTests.Us);

        static ApplyOutcome Receive(PartitionState state, ref long sequence, List<LostUpdate> logged, ItemChanged change, string from)
        {
            var batch = state.ResolveReplicated([change with { ReplicatedFrom = from }], T0, sequence);
            foreach (var e in batch.Events)
            {
                state.ApplyReplicated(e, ++sequence);
                if (e is LostUpdate lost) logged.Add(lost);
            }
            return Assert.Single(batch.Outcomes);
        }

        public void AssertConverged()
        {
            StoredItem us = Us.Find(Key)!, eu = Eu.Find(Key)!;
            Assert.Equal(us.Version, eu.Version);
            Assert.True(ItemImage.Same(us.Image, eu.Image), "the same image in both regions");
            Assert.Equal(us.Context, eu.Context);
            Assert.Equal(us.TimeToLiveAttribute, eu.TimeToLiveAttribute);
        }
    }

    static PutRequest Put(long expiresAtSeconds, string value) => new(Key, new Dictionary<string, AttributeValue>
    {
        ["pk"] = AttributeValue.FromS("k"),
        ["v"] = AttributeValue.FromS(value),
        [Attribute] = AttributeValue.FromN(DynamoNumber.FromLong(T0.ToUnixTimeSeconds() + expiresAtSeconds)),
    }, null, ReturnValue.NONE, false);

    /// <summary>An item us-east-1 wrote, expiring 10 s after T0, in both regions.</summary>
    static Pair Expiring()
    {
        var pair = new Pair();
        Assert.Equal(ApplyOutcome.Overwrite, pair.ToEu(pair.InUs(Put(10, "first"), at: 0)));
        return pair;
    }

    static ExpiryRequest Expiry(int at) => new(Key, Attribute, T0.AddSeconds(at), [Us, Eu]);

    [Fact]
    public void A_write_that_extended_the_time_to_live_wins_over_a_concurrent_delete_with_a_higher_Version()
    {
        var pair = Expiring();
        var extended = pair.InEu(Put(1000, "extended"), at: 19);
        var delete = pair.InUs(Expiry(20), at: 20);
        Assert.True(delete.Version > extended.Version);

        Assert.Equal(ApplyOutcome.ConcurrentCurrentWon, pair.ToEu(delete));
        Assert.Equal(ApplyOutcome.ConcurrentIncomingWon, pair.ToUs(extended));

        pair.AssertConverged();
        Assert.Equal("extended", pair.Us.Get(Key)!["v"].S);
        Assert.Null(pair.Us.Find(Key)!.TimeToLiveAttribute);
        // Each region logged the delete as the loser.
        foreach (var lost in pair.UsLogged.Concat(pair.EuLogged))
            Assert.Equal((extended.Version, delete.Version), (lost.Winner.Version, lost.Loser.Version));
        Assert.Equal(2, pair.UsLogged.Count + pair.EuLogged.Count);
    }

    [Fact]
    public void A_concurrent_write_that_left_the_item_expired_loses_to_the_delete_even_with_a_higher_Version()
    {
        var pair = Expiring();
        var delete = pair.InUs(Expiry(20), at: 20);
        var unextended = pair.InEu(Put(15, "unextended"), at: 21);
        Assert.True(unextended.Version > delete.Version);

        Assert.Equal(ApplyOutcome.ConcurrentCurrentWon, pair.ToUs(unextended));
        Assert.Equal(ApplyOutcome.ConcurrentIncomingWon, pair.ToEu(delete));

        pair.AssertConverged();
        Assert.Null(pair.Eu.Get(Key));
        Assert.Equal(Attribute, pair.Eu.Find(Key)!.TimeToLiveAttribute);
        foreach (var lost in pair.UsLogged.Concat(pair.EuLogged))
            Assert.Equal((delete.Version, unextended.Version), (lost.Winner.Version, lost.Loser.Version));
        Assert.Equal(2, pair.UsLogged.Count + pair.EuLogged.Count);
    }

    [Fact]
    public void A_concurrent_write_that_removed_the_attribute_wins_over_the_delete()
    {
        var pair = Expiring();
        var removed = pair.InEu(new PutRequest(Key, new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k") }, null, ReturnValue.NONE, false), at: 19);
        var delete = pair.InUs(Expiry(20), at: 20);

        pair.ToEu(delete);
        pair.ToUs(removed);
        pair.AssertConverged();
        Assert.NotNull(pair.Us.Get(Key));
    }

    [Fact]
    public void A_concurrent_user_delete_and_a_time_to_live_delete_are_settled_by_Version()
    {
        var pair = Expiring();
        var userDelete = pair.InEu(new DeleteRequest(Key, null, ReturnValue.NONE, false), at: 19);
        var delete = pair.InUs(Expiry(20), at: 20);

        pair.ToEu(delete);
        pair.ToUs(userDelete);
        pair.AssertConverged();
        Assert.Equal(delete.Version, pair.Eu.Find(Key)!.Version);
    }

    [Fact]
    public void Any_delete_and_concurrent_write_settle_the_same_in_both_orders_of_arrival()
    {
        const int seed = 20261130;
        var random = new Random(seed);
        for (int run = 0; run < 200; run++)
        {
            var pair = Expiring();
            int deleteAt = random.Next(11, 40), writeAt = random.Next(1, 40), expiresAt = random.Next(0, 60);
            WriteRequest write = random.Next(4) switch
            {
                0 => new DeleteRequest(Key, null, ReturnValue.NONE, false),
                1 => new PutRequest(Key, new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k") }, null, ReturnValue.NONE, false),
                _ => Put(expiresAt, "w"),
            };
            var written = pair.InEu(write, writeAt);
            var delete = pair.InUs(Expiry(deleteAt), deleteAt);
            if (random.Next(2) == 0)
            {
                pair.ToEu(delete);
                pair.ToUs(written);
            }
            else
            {
                pair.ToUs(written);
                pair.ToEu(delete);
            }
            var message = $"seed {seed}, run {run}: delete at {deleteAt}, {write.GetType().Name} at {writeAt} expiring at {expiresAt}";
            try { pair.AssertConverged(); }
            catch (Xunit.Sdk.XunitException e) { throw new Xunit.Sdk.XunitException($"{message}: {e.Message}"); }
            Assert.True(pair.UsLogged.Count == 1 && pair.EuLogged.Count == 1, message);
            Assert.Equal(pair.UsLogged[0].Loser.Version, pair.EuLogged[0].Loser.Version);
        }
    }

    [Fact]
    public void A_write_made_after_the_delete_arrived_overwrites_it_as_any_later_write()
    {
        var pair = Expiring();
        var delete = pair.InUs(Expiry(20), at: 20);
        Assert.Equal(ApplyOutcome.Overwrite, pair.ToEu(delete));
        var later = pair.InEu(Put(5, "later, still expired"), at: 21);
        Assert.Equal(ApplyOutcome.Overwrite, pair.ToUs(later));
        pair.AssertConverged();
        Assert.NotNull(pair.Us.Get(Key));
    }
}
