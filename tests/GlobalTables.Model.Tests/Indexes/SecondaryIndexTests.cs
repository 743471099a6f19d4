using GlobalTables.Model.Attributes;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Tests.Indexes;

public sealed class SecondaryIndexTests
{
    static readonly KeySchema Table = new(new KeyAttribute("pk", AttributeType.S), null);

    static SecondaryIndex NewIndex(ProjectionType projection = ProjectionType.KEYS_ONLY) => new(
        new SecondaryIndexDefinition("ByG", true, new KeySchema(new KeyAttribute("g", AttributeType.S), new KeyAttribute("n", AttributeType.N)),
            new IndexProjection(projection)), Table);

    static ItemKey Key(string pk) => new(AttributeValue.FromS(pk), null);

    static Dictionary<string, AttributeValue> Item(string pk, string? g, long? n, string other = "x")
    {
        var item = new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk), ["other"] = AttributeValue.FromS(other) };
        if (g is not null) item["g"] = AttributeValue.FromS(g);
        if (n is not null) item["n"] = AttributeValue.FromN(DynamoNumber.FromLong(n.Value));
        return item;
    }

    static List<string> Walk(SecondaryIndex index) => index.Walk(null, true, true).Select(e => e.TableKey.PartitionKey.S).ToList();

    [Fact]
    public void An_item_has_one_entry_however_often_it_is_set_and_none_without_every_key_attribute()
    {
        var index = NewIndex();
        Assert.True(index.Set(Key("a"), Item("a", "x", 2)));
        Assert.True(index.Set(Key("a"), Item("a", "x", 1)));
        Assert.True(index.Set(Key("b"), Item("b", "x", 1)));
        Assert.False(index.Set(Key("c"), Item("c", "x", null)));
        Assert.False(index.Set(Key("d"), Item("d", null, 5)));
        Assert.Equal(["a", "b"], Walk(index));
        Assert.Equal(2, index.ItemCount);

        // Keys only: the entry holds pk, g and n.
        Assert.Equal(ItemSize.Of(Item("a", "x", 1)) - ItemSize.Of(new Dictionary<string, AttributeValue> { ["other"] = AttributeValue.FromS("x") }), index.SizeOf(Key("a")));

        Assert.True(index.Set(Key("a"), null));
        Assert.True(index.Set(Key("b"), Item("b", null, 1)));
        Assert.Empty(Walk(index));
        Assert.Equal(0, index.SizeBytes);
    }

    [Fact]
    public void A_key_of_another_type_than_the_index_is_no_key()
    {
        var index = NewIndex();
        var item = Item("a", "x", null);
        item["n"] = AttributeValue.FromS("not a number");
        Assert.False(index.Set(Key("a"), item));
        var e = Assert.Throws<Validation.DynamoException>(() => index.Definition.CheckKeyTypes(item));
        Assert.Equal("One or more parameter values were invalid: Type mismatch for Index Key n Expected: N Actual: S IndexName: ByG", e.Message);
    }

    [Fact]
    public void Entries_walk_by_index_key_then_table_key_from_a_bound_either_way()
    {
        var index = NewIndex();
        foreach (var (pk, n) in new[] { ("c", 1L), ("a", 1L), ("b", 2L), ("d", 0L) }) index.Set(Key(pk), Item(pk, "x", n));
        Assert.Equal(["d", "a", "c", "b"], Walk(index));
        var after = new IndexEntry(new ItemKey(AttributeValue.FromS("x"), AttributeValue.FromN(DynamoNumber.FromLong(1))), Key("a"));
        Assert.Equal(["c", "b"], index.Walk(after, false, true).Select(e => e.TableKey.PartitionKey.S));
        Assert.Equal(["d"], index.Walk(after, false, false).Select(e => e.TableKey.PartitionKey.S));
        var first = new IndexEntry(new ItemKey(AttributeValue.FromS("x"), AttributeValue.FromN(DynamoNumber.FromLong(1))), IndexEntryOrder.First);
        Assert.Equal(["a", "c", "b"], index.Walk(first, true, true).Select(e => e.TableKey.PartitionKey.S));
    }
}
