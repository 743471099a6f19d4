using GlobalTables.Model.Attributes;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Tests.Partitions;

/// <summary>A partition's indexes: built when defined, kept by every change, and loaded from a snapshot as they were.</summary>
public sealed class PartitionIndexTests
{
    static readonly KeySchema TableKeys = new(new KeyAttribute("pk", AttributeType.S), null);

    static readonly IndexesDefined ByG = new(TableKeys,
        [new SecondaryIndexDefinition("ByG", true, new KeySchema(new KeyAttribute("g", AttributeType.S), null), IndexProjection.All)]);

    static PartitionState NewState() => new("T", "us-east-1", new HybridLogicalClock(TimeProvider.System));

    static void Put(PartitionState state, string pk, string? g, long sequence)
    {
        var item = new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk) };
        if (g is not null) item["g"] = AttributeValue.FromS(g);
        var key = new ItemKey(AttributeValue.FromS(pk), null);
        state.Apply(state.Decide(new PutRequest(key, item, null, ReturnValue.NONE, false)).Change!, sequence);
    }

    static List<string> Entries(PartitionState state) =>
        state.Indexes["ByG"].Walk(null, true, true).Select(e => $"{e.IndexKey.PartitionKey.S}:{e.TableKey.PartitionKey.S}").ToList();

    [Fact]
    public void An_index_defined_over_items_is_built_from_them_then_kept_by_each_change()
    {
        var state = NewState();
        Put(state, "a", "x", 1);
        Put(state, "b", null, 2);
        state.Apply(ByG);
        Assert.Equal(["x:a"], Entries(state));
        Put(state, "b", "w", 3);
        Put(state, "a", "z", 4);
        Assert.Equal(["w:b", "z:a"], Entries(state));
        Assert.Equal(["ByG"], state.IndexesReached);
    }

    [Fact]
    public void A_snapshot_keeps_the_entries_and_a_restore_loads_them_as_they_were()
    {
        var state = NewState();
        state.Apply(ByG);
        for (int i = 0; i < 1500; i++) Put(state, $"k{i}", $"g{i % 37}", i + 1);
        var snapshot = state.Snapshot([]);
        var contents = Assert.Single(snapshot.IndexContents!);
        Assert.Equal(1500, contents.Entries.Count);

        var restored = NewState();
        restored.Restore(snapshot);
        Assert.Equal(Entries(state), Entries(restored));
        Assert.Equal(state.Indexes["ByG"].SizeBytes, restored.Indexes["ByG"].SizeBytes);
        Assert.Equal(1500, restored.Indexes["ByG"].ItemCount);

        // The loaded index goes on like a built one.
        Put(restored, "k3", "a-first", 1501);
        Assert.Equal("a-first:k3", Entries(restored)[0]);
        Assert.Equal(1500, restored.Indexes["ByG"].ItemCount);
    }

    [Fact]
    public void An_index_no_longer_defined_is_dropped_and_a_kept_one_keeps_its_entries()
    {
        var state = NewState();
        state.Apply(ByG);
        Put(state, "a", "x", 1);
        var kept = state.Indexes["ByG"];
        state.Apply(ByG with { Indexes = [ByG.Indexes[0] with { ReadCapacityUnits = 9 }] });
        Assert.Same(kept, state.Indexes["ByG"]);
        state.Apply(ByG with { Indexes = [] });
        Assert.Empty(state.Indexes);
    }

    [Fact]
    public void A_backfill_goes_a_chunk_at_a_time_and_changes_between_chunks_leave_each_item_in_once()
    {
        var state = NewState();
        for (int i = 0; i < 100; i++) Put(state, $"k{i:D3}", $"g{i % 3}", i + 1);
        state.Apply(ByG, backfill: true);
        Assert.True(state.Backfilling);
        Assert.False(state.Backfill(30));
        // Between chunks: an item already backfilled moves, one not yet reached moves, one is deleted, one is new.
        Put(state, "k000", "moved", 101);
        Put(state, "k099", "moved", 102);
        state.Apply(state.Decide(new DeleteRequest(new ItemKey(AttributeValue.FromS("k050"), null), null, ReturnValue.NONE, false)).Change!, 103);
        Put(state, "new", "g0", 104);
        // A snapshot meanwhile leaves the incomplete index out, so a restore builds it whole.
        var snapshot = state.Snapshot([]);
        Assert.Empty(snapshot.IndexContents!);
        while (!state.Backfill(30)) { }
        Assert.False(state.Backfilling);

        var entries = Entries(state);
        Assert.Equal(100, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Split(':')[1]).Distinct().Count());
        Assert.Contains("moved:k000", entries);
        Assert.Contains("moved:k099", entries);
        Assert.Contains("g0:new", entries);
        Assert.DoesNotContain(entries, e => e.EndsWith(":k050"));

        var restored = NewState();
        restored.Restore(snapshot);
        Assert.Equal(100, restored.Indexes["ByG"].ItemCount);
    }
}
