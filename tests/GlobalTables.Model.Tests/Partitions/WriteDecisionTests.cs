using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Partitions;

/// <summary>
/// What a partition decides to persist. A write that creates nothing or changes nothing makes no event: DynamoDB
/// neither creates a phantom item nor emits a stream record for it.
/// </summary>
public sealed class WriteDecisionTests
{
    static readonly ItemKey Key = new(S("k"), null);
    static readonly Dictionary<string, AttributeValue> KeyAttributes = Item(("pk", S("k")));

    static PartitionState NewState() => new("T", "us-east-1", new HybridLogicalClock(TimeProvider.System));

    static UpdateRequest Update(string expression, ReturnValue returnValues = ReturnValue.NONE, params (string, AttributeValue)[] values) =>
        new(Key, KeyAttributes, ExpressionParser.ParseUpdate(expression, Values(values)), null, returnValues, false);

    static UpdateRequest Legacy(params LegacyAttributeUpdate[] updates) =>
        new(Key, KeyAttributes, LegacyParameters.AttributeUpdates(updates), null, ReturnValue.ALL_NEW, false);

    static PutRequest Put(params (string, AttributeValue)[] attributes) =>
        new(Key, Item([("pk", S("k")), .. attributes]), null, ReturnValue.ALL_OLD, false);

    static PartitionState Holding(PutRequest put)
    {
        var state = NewState();
        state.Apply(state.Decide(put).Change!, sequence: 1);
        return state;
    }

    [Theory]
    [InlineData("REMOVE a")]
    [InlineData("REMOVE a, b.c")]
    [InlineData("DELETE s :s")]
    [InlineData("REMOVE a DELETE s :s")]
    public void Removing_from_an_absent_item_creates_nothing(string expression)
    {
        var state = NewState();
        foreach (var returnValues in Enum.GetValues<ReturnValue>())
        {
            var decision = state.Decide(Update(expression, returnValues, (":s", SS("x"))));
            Assert.Null(decision.Error);
            Assert.Null(decision.Change);
            Assert.Null(decision.Attributes);
        }
        Assert.Null(state.Find(Key));
        Assert.Equal(0, state.ItemCount);
    }

    [Fact]
    public void A_legacy_DELETE_on_an_absent_item_creates_nothing()
    {
        var state = NewState();
        Assert.Null(state.Decide(Legacy(new LegacyAttributeUpdate("a", "DELETE", null))).Change);
        Assert.Null(state.Decide(Legacy(new LegacyAttributeUpdate("s", "DELETE", SS("x")))).Change);
        Assert.Null(state.Find(Key));
    }

    [Fact]
    public void An_update_that_sets_or_adds_creates_the_item_and_one_without_actions_creates_the_key()
    {
        var state = NewState();
        var set = state.Decide(Update("SET a = :v REMOVE b", ReturnValue.ALL_NEW, (":v", N(1))));
        Assert.Equal(AttributeValue.FromM(Item(("pk", S("k")), ("a", N(1)))), AttributeValue.FromM(set.Change!.NewImage!));
        Assert.NotNull(state.Decide(Update("ADD n :one", ReturnValue.NONE, (":one", N(1)))).Change);
        Assert.NotNull(state.Decide(Legacy(new LegacyAttributeUpdate("a", "PUT", N(1)))).Change);
        // UpdateItem with nothing but a key creates a key-only item, as in DynamoDB.
        var keyOnly = state.Decide(new UpdateRequest(Key, KeyAttributes, null, null, ReturnValue.ALL_NEW, false));
        Assert.Equal(AttributeValue.FromM(KeyAttributes), AttributeValue.FromM(keyOnly.Change!.NewImage!));
    }

    [Fact]
    public void Writes_that_change_nothing_persist_nothing_but_still_answer_and_charge()
    {
        var stored = Put(("a", N(1)), ("s", SS("x", "y")), ("m", M(("b", L(S("c"))))));
        var state = Holding(stored);
        var before = state.Find(Key)!;

        var samePut = state.Decide(Put(("a", N("1.0")), ("s", SS("y", "x")), ("m", M(("b", L(S("c")))))));
        Assert.Null(samePut.Change);
        Assert.Equal(AttributeValue.FromM(stored.Item), AttributeValue.FromM(samePut.Attributes!));
        Assert.Equal(before.SizeBytes, samePut.OldSizeBytes);
        Assert.Equal(before.SizeBytes, samePut.NewSizeBytes);
        // The same attributes named in another order: the bytes held cannot tell, the decoded item can.
        Assert.Null(state.Decide(Put(("m", M(("b", L(S("c"))))), ("s", SS("x", "y")), ("a", N(1)))).Change);

        Assert.Null(state.Decide(Update("REMOVE gone, m.nope", ReturnValue.ALL_NEW)).Change);
        Assert.Null(state.Decide(Update("SET a = :one", ReturnValue.NONE, (":one", N(1)))).Change);
        Assert.Null(state.Decide(new DeleteRequest(new ItemKey(S("absent"), null), null, ReturnValue.ALL_OLD, false)).Change);
        Assert.Same(before, state.Find(Key));

        // A real change still persists: a number the bytes tell apart, a string deep in a map they leave to the decoded item.
        Assert.NotNull(state.Decide(Put(("a", N(2)), ("s", SS("x", "y")), ("m", M(("b", L(S("c"))))))).Change);
        Assert.NotNull(Holding(stored).Decide(Put(("a", N(1)), ("s", SS("x", "y")), ("m", M(("b", L(S("d"))))))).Change);
        Assert.NotNull(state.Decide(Update("SET a = :two", ReturnValue.NONE, (":two", N(2)))).Change);
        Assert.NotNull(state.Decide(new DeleteRequest(Key, null, ReturnValue.NONE, false)).Change);
    }

    [Fact]
    public void Writes_to_one_item_are_decided_each_on_the_one_before_without_changing_the_state()
    {
        var state = Holding(Put(("a", N(1))));
        static UpdateRequest When(string expression, string condition, params (string, AttributeValue)[] values) =>
            new(Key, KeyAttributes, ExpressionParser.ParseUpdate(expression, Values(values)),
                ExpressionParser.ParseCondition(condition, Values(values)), ReturnValue.NONE, false);

        var (decisions, changes) = state.DecideInOrder([
            When("SET a = :two", "a = :one", (":one", N(1)), (":two", N(2))),
            When("SET a = :three", "a = :two", (":two", N(2)), (":three", N(3))),
            When("SET a = :nine", "a = :one", (":one", N(1)), (":nine", N(9))),
        ], lastSequence: 1);

        Assert.Equal([null, null, Validation.ErrorCode.ConditionalCheckFailed], decisions.Select(d => d.Error?.Code));
        Assert.Equal([N(2), N(3)], changes.Select(c => c.NewImage!["a"]));
        // The second points back to the first's event, which the journal stores at 2.
        Assert.Equal([1L, 2L], changes.Select(c => c.PreviousSequence));
        Assert.True(changes[1].Version > changes[0].Version);
        Assert.Equal(N(1), state.Get(Key)!["a"]);
    }

    [Fact]
    public void A_deleted_item_deleted_again_persists_nothing()
    {
        var state = Holding(Put());
        var delete = new DeleteRequest(Key, null, ReturnValue.NONE, false);
        state.Apply(state.Decide(delete).Change!, sequence: 2);
        Assert.Null(state.Decide(delete).Change);
    }
}
