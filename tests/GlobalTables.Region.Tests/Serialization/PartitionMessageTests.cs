using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Transactions;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Replication;
using GlobalTables.Region.Transactions;

namespace GlobalTables.Region.Tests.Serialization;

/// <summary>
/// Every message the API and the region send to a partition through <see cref="PartitionEnvelope"/>, and every reply,
/// crosses between a region's nodes (docs/cluster.md) with the serializers config/akka.conf binds. A parsed expression
/// of every kind comes back as one that decides the same on the same items.
/// </summary>
public sealed class PartitionMessageTests : IDisposable
{
    readonly NodeWire _wire = new();

    T RoundTrip<T>(T message) where T : notnull => _wire.RoundTrip(message);

    /// <summary>The message as the owning node gets it, out of its envelope.</summary>
    T Across<T>(T message) where T : notnull
    {
        var back = RoundTrip(new PartitionEnvelope("Music#3", message));
        Assert.Equal("Music#3", back.EntityId);
        return Assert.IsType<T>(back.Message);
    }

    static readonly ItemKey Key = new(AttributeValue.FromS("k1"), AttributeValue.FromN("7"));

    static readonly Dictionary<string, AttributeValue> Item = new()
    {
        ["pk"] = AttributeValue.FromS("k1"),
        ["sk"] = AttributeValue.FromN("7"),
        ["n"] = AttributeValue.FromN("12.50"),
        ["l"] = AttributeValue.FromL([AttributeValue.FromS("x"), AttributeValue.FromBool(true)]),
        ["ss"] = AttributeValue.FromSS(["a", "b"]),
        ["m"] = AttributeValue.FromM(new Dictionary<string, AttributeValue> { ["in"] = AttributeValue.FromS("deep") }),
    };

    static readonly Dictionary<string, AttributeValue> Other = new()
    {
        ["pk"] = AttributeValue.FromS("k2"),
        ["sk"] = AttributeValue.FromN("1"),
        ["n"] = AttributeValue.FromN("3"),
    };

    static readonly Version V = new(new HlcStamp(1_700_000_000_000, 2), "us-east-1");

    static ExpressionAttributes Attributes() => new(
        new Dictionary<string, string> { ["#n"] = "n", ["#m"] = "m", ["#s"] = "size" },
        new Dictionary<string, AttributeValue>
        {
            [":ten"] = AttributeValue.FromN("10"), [":one"] = AttributeValue.FromN("1"), [":x"] = AttributeValue.FromS("x"),
            [":c"] = AttributeValue.FromSS(["c"]), [":k"] = AttributeValue.FromS("k"),
        });

    static ConditionExpression Condition() => ExpressionParser.ParseCondition(
        "#n > :ten AND attribute_exists(#m.#in) OR (contains(l, :x) AND size(ss) = :one) OR begins_with(pk, :k) AND NOT attribute_type(#n, :t)",
        new ExpressionAttributes(
            new Dictionary<string, string> { ["#n"] = "n", ["#m"] = "m", ["#in"] = "in" },
            new Dictionary<string, AttributeValue> { [":ten"] = AttributeValue.FromN("10"), [":x"] = AttributeValue.FromS("x"), [":one"] = AttributeValue.FromN("1"), [":k"] = AttributeValue.FromS("kz"), [":t"] = AttributeValue.FromS("S") }));

    static UpdateExpression Update() => ExpressionParser.ParseUpdate(
        "SET #n = #n + :ten, l[0] = :x, #s = if_not_exists(#s, :one) ADD ss :c REMOVE #m.#in",
        new ExpressionAttributes(
            new Dictionary<string, string> { ["#n"] = "n", ["#m"] = "m", ["#in"] = "in", ["#s"] = "size" },
            new Dictionary<string, AttributeValue> { [":ten"] = AttributeValue.FromN("10"), [":x"] = AttributeValue.FromS("y"), [":one"] = AttributeValue.FromN("1"), [":c"] = AttributeValue.FromSS(["c"]) }));

    static ProjectionExpression Projection() => ExpressionParser.ParseProjection("#n, l[1], m.#in",
        new ExpressionAttributes(new Dictionary<string, string> { ["#n"] = "n", ["#in"] = "in" }, null));

    static KeyConditionExpression KeyCondition() => ExpressionParser.ParseKeyCondition("pk = :k AND sk BETWEEN :lo AND :hi",
        new ExpressionAttributes(null, new Dictionary<string, AttributeValue>
        {
            [":k"] = AttributeValue.FromS("k1"), [":lo"] = AttributeValue.FromN("1"), [":hi"] = AttributeValue.FromN("9"),
        })).ForKeySchema("pk", "sk");

    static void SameCondition(ConditionExpression expected, ConditionExpression? actual)
    {
        Assert.NotNull(actual);
        foreach (var item in new[] { Item, Other, null })
            Assert.Equal(expected.Evaluate(item), actual.Evaluate(item));
    }

    static void SameItem(IReadOnlyDictionary<string, AttributeValue> expected, IReadOnlyDictionary<string, AttributeValue>? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(AttributeValueJson.SerializeItem(expected), AttributeValueJson.SerializeItem(actual));
    }

    static void SameUpdate(UpdateExpression expected, UpdateExpression? actual)
    {
        Assert.NotNull(actual);
        SameItem(expected.Apply(Item), actual.Apply(Item));
        SameItem(expected.ProjectUpdated(Item), actual.ProjectUpdated(Item));
        Assert.Equal(expected.TopLevelAttributes, actual.TopLevelAttributes);
        Assert.Equal(expected.OnlyRemoves, actual.OnlyRemoves);
    }

    static void SameProjection(ProjectionExpression expected, ProjectionExpression? actual)
    {
        Assert.NotNull(actual);
        SameItem(expected.Apply(Item), actual.Apply(Item));
        Assert.Equal(expected.TopLevelAttributes, actual.TopLevelAttributes);
    }

    static void SameKeyCondition(KeyConditionExpression expected, KeyConditionExpression? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.PartitionKeyName, actual.PartitionKeyName);
        Assert.Equal(expected.PartitionKeyValue, actual.PartitionKeyValue);
        Assert.Equal(expected.SortKeyName, actual.SortKeyName);
        Assert.Equal(expected.SortKeyOperator, actual.SortKeyOperator);
        Assert.Equal(expected.SortKeyValue, actual.SortKeyValue);
        Assert.Equal(expected.SortKeyUpperValue, actual.SortKeyUpperValue);
        Assert.Equal(expected.Conditions.Count, actual.Conditions.Count);
        foreach (var sk in new[] { "0", "1", "5", "9", "10" })
            Assert.Equal(expected.MatchesSortKey(AttributeValue.FromN(sk)), actual.MatchesSortKey(AttributeValue.FromN(sk)));
    }

    [Fact]
    public void A_put_with_a_condition_expression_is_parsed_again_on_the_owning_node()
    {
        var condition = Condition();
        var put = Assert.IsType<PutRequest>(Across(new WriteItem(new PutRequest(Key, Item, condition, ReturnValue.ALL_OLD, true))).Request);

        Assert.Equal(Key, put.Key);
        SameItem(Item, put.Item);
        SameCondition(condition, put.Condition);
        Assert.Equal((ReturnValue.ALL_OLD, true), (put.ReturnValues, put.ReturnItemOnConditionFailure));
    }

    [Fact]
    public void An_update_with_set_add_remove_and_a_condition_is_parsed_again_on_the_owning_node()
    {
        var update = Update();
        var condition = Condition();
        var keyAttributes = new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k1"), ["sk"] = AttributeValue.FromN("7") };
        var back = Assert.IsType<UpdateRequest>(Across(new WriteItem(new UpdateRequest(Key, keyAttributes, update, condition, ReturnValue.UPDATED_NEW, false))).Request);

        SameUpdate(update, back.Update);
        SameCondition(condition, back.Condition);
        SameItem(keyAttributes, back.KeyAttributes);
        Assert.Equal(ReturnValue.UPDATED_NEW, back.ReturnValues);
    }

    [Fact]
    public void A_delete_with_a_condition_and_a_write_without_expressions_cross_whole()
    {
        var condition = ExpressionParser.ParseCondition("attribute_not_exists(pk)", new ExpressionAttributes(null, null));
        var delete = Assert.IsType<DeleteRequest>(Across(new WriteItem(new DeleteRequest(Key, condition, ReturnValue.ALL_OLD, false))).Request);
        var plain = Assert.IsType<DeleteRequest>(Across(new WriteItem(new DeleteRequest(Key, null, ReturnValue.NONE, false))).Request);

        SameCondition(condition, delete.Condition);
        Assert.Null(plain.Condition);
        var update = Assert.IsType<UpdateRequest>(Across(new WriteItem(new UpdateRequest(Key, new Dictionary<string, AttributeValue>(), null, null, ReturnValue.NONE, false))).Request);
        Assert.Null(update.Update);
    }

    [Fact]
    public void Legacy_parameters_are_translated_again_on_the_owning_node()
    {
        var expected = LegacyParameters.Expected(
            [new LegacyExpected("n", AttributeValue.FromN("12.50"), null, null, null), new LegacyExpected("gone", null, false, null, null),
             new LegacyExpected("l", null, null, "NOT_NULL", null)], "AND");
        var updates = LegacyParameters.AttributeUpdates(
            [new LegacyAttributeUpdate("n", "ADD", AttributeValue.FromN("1")), new LegacyAttributeUpdate("l", "DELETE", null), new LegacyAttributeUpdate("v", null, AttributeValue.FromS("new"))]);
        var filter = LegacyParameters.Filter([new LegacyCondition("n", "BETWEEN", [AttributeValue.FromN("1"), AttributeValue.FromN("20")]), new LegacyCondition("pk", "IN", [AttributeValue.FromS("k2")])], "OR");
        var attributesToGet = LegacyParameters.AttributesToGet(["n", "pk"]);
        var keyConditions = LegacyParameters.KeyConditions([new LegacyCondition("pk", "EQ", [AttributeValue.FromS("k1")]), new LegacyCondition("sk", "GT", [AttributeValue.FromN("5")])]);

        var update = Assert.IsType<UpdateRequest>(Across(new WriteItem(new UpdateRequest(Key, new Dictionary<string, AttributeValue>(), updates, expected, ReturnValue.ALL_NEW, false))).Request);
        var page = Across(new ReadPage(new PageRequest(keyConditions, null, true, null, 1 << 20, true, filter, attributesToGet, false))).Request;

        SameCondition(expected, update.Condition);
        SameUpdate(updates, update.Update);
        SameCondition(filter, page.Filter);
        SameProjection(attributesToGet, page.Projection);
        SameKeyCondition(keyConditions, page.KeyCondition);
    }

    [Fact]
    public void A_page_read_keeps_its_key_condition_filter_projection_segment_and_index()
    {
        var filter = ExpressionParser.ParseFilter("#n > :ten OR contains(l, :x)", new ExpressionAttributes(
            new Dictionary<string, string> { ["#n"] = "n" }, new Dictionary<string, AttributeValue> { [":ten"] = AttributeValue.FromN("10"), [":x"] = AttributeValue.FromS("x") }));
        var request = new PageRequest(KeyCondition(), Key, false, 25, 1 << 20, false, filter, Projection(), true,
            new ScanSegment(1, 4, 8), new IndexRead("byN", new ItemKey(AttributeValue.FromN("3"), null), true, true));

        var back = Across(new ReadPage(request)).Request;

        SameKeyCondition(request.KeyCondition!, back.KeyCondition);
        SameCondition(filter, back.Filter);
        SameProjection(request.Projection!, back.Projection);
        Assert.Equal(request with { KeyCondition = null, Filter = null, Projection = null }, back with { KeyCondition = null, Filter = null, Projection = null });

        // A Scan: no key condition, no expressions.
        var scan = new PageRequest(null, null, true, null, 1 << 20, true, null, null, false);
        Assert.Equal(scan, Across(new ReadPage(scan)).Request);
    }

    [Fact]
    public void A_transaction_keeps_each_actions_expressions_to_the_coordinator_and_to_each_partition()
    {
        var condition = Condition();
        var update = Update();
        TransactionAction[] actions =
        [
            new(0, "Music#3", new CheckRequest(Key, condition, true)),
            new(1, "Music#3", new UpdateRequest(Key, new Dictionary<string, AttributeValue>(), update, null, ReturnValue.NONE, false)),
            new(2, "Music#5", new PutRequest(new ItemKey(AttributeValue.FromS("k2"), AttributeValue.FromN("1")), Other, null, ReturnValue.NONE, false)),
        ];

        var execute = RoundTrip(new ExecuteTransaction("token", "hash", actions));
        var prepare = Across(new PrepareTransaction("tx-1", actions));

        foreach (var back in new[] { execute.Actions, prepare.Actions })
        {
            Assert.Equal([0, 1, 2], back.Select(a => a.Index));
            Assert.Equal(["Music#3", "Music#3", "Music#5"], back.Select(a => a.EntityId));
            SameCondition(condition, Assert.IsType<CheckRequest>(back[0].Request).Condition);
            Assert.True(back[0].Request.ReturnItemOnConditionFailure);
            SameUpdate(update, Assert.IsType<UpdateRequest>(back[1].Request).Update);
            SameItem(Other, Assert.IsType<PutRequest>(back[2].Request).Item);
        }
        Assert.Equal(("token", "hash"), (execute.Token, execute.RequestHash));
        Assert.Equal("tx-1", prepare.TransactionId);
        Assert.Equal(new ApplyDecision("tx-1", true), Across(new ApplyDecision("tx-1", true)));
        Assert.Equal([Key], Across(new ReadForTransaction([Key])).Keys);
    }

    [Fact]
    public void The_other_commands_cross_whole()
    {
        Assert.Equal(Key, Across(new ReadItem(Key)).Key);
        Assert.IsType<GetPartitionStats>(Across(GetPartitionStats.Instance));
        Assert.IsType<GetIndexLags>(Across(GetIndexLags.Instance));
        Assert.IsType<DropPartition>(Across(DropPartition.Instance));
        Assert.IsType<DumpItems>(Across(DumpItems.Instance));

        var keys = new KeySchema(new KeyAttribute("pk", AttributeType.S), new KeyAttribute("sk", AttributeType.N));
        var index = new SecondaryIndexDefinition("byN", true, new KeySchema(new KeyAttribute("n", AttributeType.N), null), IndexProjection.All);
        var define = Across(new DefineIndexes(new IndexesDefined(keys, [index])));
        Assert.True(define.Indexes.Same(new IndexesDefined(keys, [index])));

        var change = new ItemChanged("Music", Key, Item, V, VersionVector.Empty.With(V));
        var apply = Across(new ApplyReplicated([change], true));
        Assert.True(apply.IsFill);
        Assert.Equal(change.Version, Assert.Single(apply.Changes).Version);
        SameItem(Item, apply.Changes[0].NewImage);
    }

    [Fact]
    public void Every_reply_crosses_whole()
    {
        var change = new ItemChanged("Music", Key, Item, V, VersionVector.Empty.With(V));
        var decision = RoundTrip(new WriteDecision(change, Item, 10, 20, null, [new IndexCapacity("byN", true, 1.5)], new ItemCollectionSize(AttributeValue.FromS("k1"), 99)));
        Assert.Equal(V, decision.Change!.Version);
        SameItem(Item, decision.Attributes);
        Assert.Equal((10, 20), (decision.OldSizeBytes, decision.NewSizeBytes));
        Assert.Equal(new IndexCapacity("byN", true, 1.5), Assert.Single(decision.IndexUnits!));
        Assert.Equal(99, decision.Collection!.SizeBytes);
        var failed = RoundTrip(WriteDecision.Failed(Model.Validation.DynamoException.ConditionalCheckFailed()));
        Assert.Equal(Model.Validation.ErrorCode.ConditionalCheckFailed, failed.Error!.Code);

        var item = RoundTrip(new ItemRead(AttributeValueBinary.EncodeItem(Item), ItemSize.Of(Item)));
        SameItem(Item, item.Image);
        Assert.Equal(ItemSize.Of(Item), item.SizeBytes);
        var none = RoundTrip(new ItemRead(null, 0));
        Assert.Null(none.EncodedImage);
        Assert.Null(none.Image);

        var stats = RoundTrip(new PartitionStats(3, 400, 1, [new IndexStats("byN", 2, 100)]));
        Assert.Equal((3L, 400L, 1), (stats.ItemCount, stats.SizeBytes, stats.WaitingCommands));
        Assert.Equal(new IndexStats("byN", 2, 100), Assert.Single(stats.Indexes!));
        Assert.Equal(new PartitionDropped("Music#3"), RoundTrip(new PartitionDropped("Music#3")));
        var ready = RoundTrip(new IndexesReady("Music#3", [new IndexStats("byN", 2, 100)]));
        Assert.Equal(new IndexStats("byN", 2, 100), Assert.Single(ready.Indexes));

        var lags = RoundTrip(new IndexLags([("byN", [1.5, 2.5], 7L, 2.5)]));
        var lag = Assert.Single(lags.Lags);
        Assert.Equal(("byN", 7L, 2.5), (lag.Index, lag.Count, lag.LastMs));
        Assert.Equal([1.5, 2.5], lag.RecentMs);

        var entry = new IndexEntry(new ItemKey(AttributeValue.FromN("12.50"), null), Key);
        var page = RoundTrip(new PartitionPage([Item], 1, 2, 300, Key, true, entry.IndexKey, 4, [new ScannedEntry(entry, 150, Item, true), new ScannedEntry(entry, 150, null, false)]));
        SameItem(Item, Assert.Single(page.Items));
        Assert.Equal((1, 2, 300L, Key, true, entry.IndexKey, 4L), (page.Count, page.ScannedCount, page.ScannedBytes, page.LastEvaluatedKey, page.Full, page.LastEvaluatedIndexKey, page.FetchedUnits));
        Assert.Equal([entry, entry], page.Entries!.Select(e => e.Position));
        SameItem(Item, page.Entries![0].Item);
        Assert.Null(page.Entries[1].Item);
        Assert.False(page.Entries[1].Matched);

        var read = RoundTrip(new TransactionalRead([(Item, V, true), (null, null, false)]));
        SameItem(Item, read.Items[0].Image);
        Assert.Equal((V, true), (read.Items[0].Version, read.Items[0].Locked));
        Assert.Equal((null, null, false), (read.Items[1].Image, read.Items[1].Version, read.Items[1].Locked));

        var vote = RoundTrip(new PrepareVote("tx-1", "Music#3", [(0, CancellationReason.ConditionalCheckFailed(Item))], null, [(1, decision)]));
        var reason = Assert.Single(vote.Failures);
        Assert.Equal((0, "ConditionalCheckFailed"), (reason.Index, reason.Reason.Code));
        SameItem(Item, reason.Reason.Item);
        Assert.Equal(V, Assert.Single(vote.Decisions!).Decision.Change!.Version);
        Assert.Equal(Model.Validation.ErrorCode.ConditionalCheckFailed,
            RoundTrip(new PrepareVote("tx-1", "Music#3", [], Model.Validation.DynamoException.ConditionalCheckFailed())).Error!.Code);
        Assert.Equal(new DecisionApplied("tx-1", "Music#3"), RoundTrip(new DecisionApplied("tx-1", "Music#3")));
        var outcome = RoundTrip(new TransactionOutcome(null, [(2, decision)]));
        Assert.Equal(2, Assert.Single(outcome.Decisions!).Index);

        Assert.Equal([ApplyOutcome.Overwrite, ApplyOutcome.Stale], RoundTrip(new ReplicatedApplied([ApplyOutcome.Overwrite, ApplyOutcome.Stale])).Outcomes);

        var stored = StoredItem.Of(change, 42);
        var dumpedMessage = new ItemsDumped([(Key, stored), (Key, new StoredItem((IReadOnlyDictionary<string, AttributeValue>?)null, V, VersionVector.Empty.With(V), 0, VersionVector.Empty.With(V)))], 42);
        Assert.Equal("id1", _wire.Manifest(dumpedMessage));
        var dumped = RoundTrip(dumpedMessage);
        Assert.Equal(42, dumped.Sequence);
        Assert.Equal(Key, dumped.Items[0].Key);
        SameItem(Item, dumped.Items[0].Item.Image);
        Assert.Equal((stored.Version, stored.Context, stored.WriteContext, stored.SizeBytes, stored.Sequence),
            (dumped.Items[0].Item.Version, dumped.Items[0].Item.Context, dumped.Items[0].Item.WriteContext, dumped.Items[0].Item.SizeBytes, dumped.Items[0].Item.Sequence));
        Assert.True(dumped.Items[1].Item.IsTombstone);
    }

    public void Dispose() => _wire.Dispose();
}
