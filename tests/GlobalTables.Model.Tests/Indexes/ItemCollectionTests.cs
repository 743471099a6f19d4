using GlobalTables.Model.Attributes;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Indexes;

/// <summary>
/// A partition of a table with a local index keeps the size of each item collection (a partition-key value's items and
/// their local index entries) and refuses a write that would grow one past the limit. The table (pk, sk) has the LSI
/// ByRank (pk, rank), KEYS_ONLY, and the GSI ByTag (tag), ALL.
/// </summary>
public sealed class ItemCollectionTests
{
    static readonly KeySchema Table = new(new KeyAttribute("pk", AttributeType.S), new KeyAttribute("sk", AttributeType.S));

    static readonly SecondaryIndexDefinition ByRank = new("ByRank", IsGlobal: false,
        new KeySchema(new KeyAttribute("pk", AttributeType.S), new KeyAttribute("rank", AttributeType.N)), new IndexProjection(ProjectionType.KEYS_ONLY));

    static readonly SecondaryIndexDefinition ByTag = new("ByTag", IsGlobal: true,
        new KeySchema(new KeyAttribute("tag", AttributeType.S), null), IndexProjection.All);

    static PartitionState NewState(long limit, params SecondaryIndexDefinition[] indexes)
    {
        var state = new PartitionState("T", "us-east-1", new HybridLogicalClock(TimeProvider.System), limit);
        state.Apply(new IndexesDefined(Table, indexes));
        return state;
    }

    /// <summary>pk (3) + sk (3) + data (4 + n) bytes; with a rank, rank (4 + 2) more, and an LSI entry pk + sk + rank of 12.</summary>
    static PutRequest Put(string pk, string sk, int dataLength, bool ranked = false)
    {
        var item = Item(("pk", S(pk)), ("sk", S(sk)), ("data", S(new string('d', dataLength))));
        if (ranked) item["rank"] = N(1);
        return new PutRequest(new ItemKey(S(pk), S(sk)), item, null, ReturnValue.NONE, false);
    }

    static DeleteRequest Delete(string pk, string sk) => new(new ItemKey(S(pk), S(sk)), null, ReturnValue.NONE, false);

    static void Write(PartitionState state, WriteRequest request)
    {
        var decision = state.Decide(request);
        Assert.Null(decision.Error);
        state.Apply(decision.Change!);
    }

    [Fact]
    public void A_collection_counts_its_items_and_their_local_index_entries_only()
    {
        var state = NewState(1000, ByRank, ByTag);
        var first = state.Decide(Put("a", "1", 90));
        Assert.Equal(new ItemCollectionSize(S("a"), 100), first.Collection);
        state.Apply(first.Change!);

        // 106 for the item and 12 for its ByRank entry; the GSI entry is not in the collection.
        var ranked = state.Decide(Put("a", "2", 90, ranked: true) with { Item = Item(("pk", S("a")), ("sk", S("2")), ("data", S(new string('d', 90))), ("rank", N(1)), ("tag", S("t"))) });
        Assert.Equal(100 + 106 + 4 + 12, ranked.Collection!.SizeBytes);
        state.Apply(ranked.Change!);

        Assert.Equal(100, state.Decide(Put("b", "1", 90)).Collection!.SizeBytes);
        Assert.Equal(122, state.Decide(Delete("a", "1")).Collection!.SizeBytes);
        Assert.Equal(222, state.ItemCollectionSizeOf(S("a")));
        Assert.Equal((0.0, 1.0), state.Decide(Delete("a", "1")).Collection!.SizeEstimateRangeGB);
        Assert.Equal((3.0, 4.0), new ItemCollectionSize(S("a"), 3 * ItemCollectionSize.BytesPerGB + 5).SizeEstimateRangeGB);
    }

    [Fact]
    public void A_write_that_would_grow_a_collection_past_the_limit_is_refused_and_changes_nothing()
    {
        var state = NewState(300, ByRank);
        Write(state, Put("a", "1", 90));
        Write(state, Put("a", "2", 90));

        var refused = state.Decide(Put("a", "3", 91));
        Assert.Equal(ErrorCode.ItemCollectionSizeLimitExceeded, refused.Error!.Code);
        Assert.Equal("Collection size exceeded.", refused.Error.Message);
        Assert.Null(refused.Change);
        Assert.Equal(200, state.ItemCollectionSizeOf(S("a")));

        // Exactly at the limit is allowed, as is another collection and a write that shrinks.
        Assert.Null(state.Decide(Put("a", "3", 90)).Error);
        Assert.Null(state.Decide(Put("b", "3", 290)).Error);
        Write(state, Put("a", "3", 90));
        Assert.Equal(ErrorCode.ItemCollectionSizeLimitExceeded, state.Decide(Put("a", "1", 91)).Error!.Code);
        Assert.Null(state.Decide(Put("a", "1", 10)).Error);
        Write(state, Delete("a", "1"));
        Assert.Equal(200, state.ItemCollectionSizeOf(S("a")));
    }

    [Fact]
    public void A_table_without_a_local_index_keeps_no_collections_and_has_no_limit()
    {
        var state = NewState(10, ByTag);
        var decision = state.Decide(Put("a", "1", 90));
        Assert.Null(decision.Error);
        Assert.Null(decision.Collection);
    }

    [Fact]
    public void A_decided_write_counts_until_it_is_applied_or_let_go()
    {
        var state = NewState(250, ByRank);
        var held = state.Decide(Put("a", "1", 140));
        state.Hold([held.Change!]);
        Assert.Equal(150, state.ItemCollectionSizeOf(S("a")));
        Assert.Equal(ErrorCode.ItemCollectionSizeLimitExceeded, state.Decide(Put("a", "2", 140)).Error!.Code);

        state.Unhold([held.Change!.Key]);
        Assert.Null(state.Decide(Put("a", "2", 140)).Error);

        state.Hold([held.Change!]);
        state.Apply(held.Change!);
        Assert.Equal(150, state.ItemCollectionSizeOf(S("a")));
        Assert.Equal(ErrorCode.ItemCollectionSizeLimitExceeded, state.Decide(Put("a", "2", 140)).Error!.Code);
    }

    [Fact]
    public void A_transaction_measures_its_writes_to_one_collection_together()
    {
        var state = NewState(250, ByRank);
        var transactions = new PartitionTransactions();
        TransactionAction Action(int index, WriteRequest request) => new(index, "T@0/0", request);

        var (prepared, failures, _) = transactions.Prepare(state, "t1", [Action(0, Put("a", "1", 140)), Action(1, Put("a", "2", 140))]);
        Assert.Null(prepared);
        Assert.Equal((1, CancellationReason.ItemCollectionSizeLimitExceeded), Assert.Single(failures));

        // A write that frees room makes room for the others of its transaction.
        Write(state, Put("a", "0", 140));
        var (freed, none, decisions) = transactions.Prepare(state, "t2", [Action(0, Delete("a", "0")), Action(1, Put("a", "1", 140))]);
        Assert.NotNull(freed);
        Assert.Empty(none);
        Assert.Equal([0L, 150L], decisions.Select(d => d.Decision.Collection!.SizeBytes));
    }

    [Fact]
    public void A_new_local_index_counts_the_collections_anew()
    {
        var state = NewState(1000, ByTag);
        Write(state, Put("a", "1", 90, ranked: true));
        Assert.Equal(0, state.ItemCollectionSizeOf(S("a")));
        state.Apply(new IndexesDefined(Table, [ByTag, ByRank]));
        Assert.Equal(106 + 12, state.ItemCollectionSizeOf(S("a")));
    }
}
