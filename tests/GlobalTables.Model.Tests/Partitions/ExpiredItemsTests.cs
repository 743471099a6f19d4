using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Tests.Partitions;

/// <summary>
/// Which items time to live deletes, and which region deletes each: DynamoDB's rules for the attribute (a top-level
/// Number of epoch seconds, less than now, not more than five years in the past), and one deleting region per item.
/// </summary>
public sealed class ExpiredItemsTests
{
    const string Region = "us-east-1";
    const string Attribute = "expires";
    static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-30T12:00:00Z");
    static readonly long NowSeconds = Now.ToUnixTimeSeconds();

    sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    static ItemKey Key(string k) => new(AttributeValue.FromS(k), null);

    static Dictionary<string, AttributeValue> Item(string k, AttributeValue? expires) =>
        expires is null
            ? new() { ["pk"] = AttributeValue.FromS(k) }
            : new() { ["pk"] = AttributeValue.FromS(k), [Attribute] = expires };

    static AttributeValue N(long seconds) => AttributeValue.FromN(DynamoNumber.FromLong(seconds));

    static PartitionState Holding(ManualTime time, params (string Key, AttributeValue? Expires)[] items)
    {
        var state = new PartitionState("T", Region, new HybridLogicalClock(time));
        long sequence = 0;
        foreach (var (k, expires) in items)
            state.Apply(state.Decide(new PutRequest(Key(k), Item(k, expires), null, ReturnValue.NONE, false)).Change!, ++sequence);
        return state;
    }

    [Fact]
    public void Only_a_number_of_epoch_seconds_in_the_past_and_no_more_than_five_years_back_is_expired()
    {
        Assert.True(ExpiredItems.IsExpired(Item("a", N(NowSeconds - 1)), Attribute, Now));
        Assert.True(ExpiredItems.IsExpired(Item("a", AttributeValue.FromN($"{NowSeconds - 1}.5")), Attribute, Now), "fractional seconds");
        Assert.True(ExpiredItems.IsExpired(Item("a", N(Now.AddYears(-5).ToUnixTimeSeconds())), Attribute, Now));
        Assert.False(ExpiredItems.IsExpired(Item("a", N(NowSeconds)), Attribute, Now), "not less than now");
        Assert.False(ExpiredItems.IsExpired(Item("a", N(NowSeconds + 3600)), Attribute, Now), "in the future");
        Assert.False(ExpiredItems.IsExpired(Item("a", N(Now.AddYears(-5).ToUnixTimeSeconds() - 1)), Attribute, Now), "more than five years back");
        Assert.False(ExpiredItems.IsExpired(Item("a", AttributeValue.FromS((NowSeconds - 1).ToString())), Attribute, Now), "a string");
        Assert.False(ExpiredItems.IsExpired(Item("a", AttributeValue.FromNS([DynamoNumber.FromLong(NowSeconds - 1)])), Attribute, Now), "a number set");
        Assert.False(ExpiredItems.IsExpired(Item("a", AttributeValue.FromM(new Dictionary<string, AttributeValue> { [Attribute] = N(1) })), Attribute, Now),
            "nested, not top-level");
        Assert.False(ExpiredItems.IsExpired(Item("a", null), Attribute, Now), "missing");
        Assert.False(ExpiredItems.IsExpired(null, Attribute, Now), "a tombstone");
    }

    [Fact]
    public void A_partition_finds_its_expired_items_up_to_the_batch_and_skips_the_rest()
    {
        var time = new ManualTime(Now);
        var state = Holding(time,
            ("expired-1", N(NowSeconds - 10)), ("expired-2", N(NowSeconds - 20)), ("expired-3", N(NowSeconds - 30)),
            ("future", N(NowSeconds + 600)), ("string", AttributeValue.FromS("1")), ("missing", null),
            ("far-past", N(Now.AddYears(-6).ToUnixTimeSeconds())));

        var due = ExpiredItems.Due(state.Entries, Attribute, Now, Region, [], max: 10);
        Assert.Equal(["expired-1", "expired-2", "expired-3"], due.Select(k => k.PartitionKey.S).Order());
        Assert.Equal(2, ExpiredItems.Due(state.Entries, Attribute, Now, Region, [], max: 2).Count);
    }

    [Fact]
    public void On_a_global_table_the_region_of_the_last_write_deletes_and_an_orphan_is_deleted_by_any()
    {
        var ours = new Version(new HlcStamp(1, 0), Region);
        var theirs = new Version(new HlcStamp(1, 0), "eu-west-2");
        string[] replicas = [Region, "eu-west-2"];
        Assert.True(ExpiredItems.DeletesHere(ours, Region, replicas));
        Assert.False(ExpiredItems.DeletesHere(theirs, Region, replicas));
        Assert.True(ExpiredItems.DeletesHere(theirs, Region, [Region]), "eu-west-2 holds no replica any more");
        Assert.True(ExpiredItems.DeletesHere(theirs, Region, []), "not a global table");
    }

    [Fact]
    public void An_expired_item_is_still_read_until_its_delete_is_applied()
    {
        var time = new ManualTime(Now);
        var state = Holding(time, ("a", N(NowSeconds - 10)));
        Assert.NotNull(state.Get(Key("a")));

        var decision = state.Decide(new ExpiryRequest(Key("a"), Attribute, Now, []));
        var change = decision.Change!;
        Assert.Null(change.NewImage);
        Assert.Equal(Attribute, change.TimeToLiveAttribute);
        Assert.NotNull(state.Get(Key("a")));

        state.Apply(change, 2);
        Assert.Null(state.Get(Key("a")));
        Assert.Equal(Attribute, state.Find(Key("a"))!.TimeToLiveAttribute);
        Assert.Equal(0, state.ItemCount);
    }

    [Fact]
    public void A_delete_decided_after_a_write_extended_the_time_to_live_changes_nothing()
    {
        var time = new ManualTime(Now);
        var state = Holding(time, ("a", N(NowSeconds - 10)));
        var due = Assert.Single(ExpiredItems.Due(state.Entries, Attribute, Now, Region, [], 10));
        // Written between the scan and the delete's decision.
        state.Apply(state.Decide(new PutRequest(due, Item("a", N(NowSeconds + 600)), null, ReturnValue.NONE, false)).Change!, 2);

        var decision = state.Decide(new ExpiryRequest(due, Attribute, Now, []));
        Assert.Null(decision.Error);
        Assert.Null(decision.Change);
        Assert.NotNull(state.Get(due));
    }

    [Fact]
    public void A_delete_is_not_decided_for_an_item_another_region_wrote_last()
    {
        var time = new ManualTime(Now);
        var state = Holding(time, ("a", N(NowSeconds - 10)));
        var theirs = new ItemChanged("T", Key("a"), Item("a", N(NowSeconds - 5)), new Version(new HlcStamp(Now.ToUnixTimeMilliseconds() + 5, 0), "eu-west-2"),
            VersionVector.Empty.With(new Version(new HlcStamp(Now.ToUnixTimeMilliseconds() + 5, 0), "eu-west-2")).Merge(state.Find(Key("a"))!.Context),
            ReplicatedFrom: "eu-west-2");
        var batch = state.ResolveReplicated([theirs], Now, 1);
        state.ApplyReplicated(Assert.Single(batch.Events), 2);

        Assert.Empty(ExpiredItems.Due(state.Entries, Attribute, Now, Region, [Region, "eu-west-2"], 10));
        Assert.Null(state.Decide(new ExpiryRequest(Key("a"), Attribute, Now, [Region, "eu-west-2"])).Change);
    }
}
