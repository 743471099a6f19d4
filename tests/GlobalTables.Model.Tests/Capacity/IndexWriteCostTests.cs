using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Capacity;

/// <summary>
/// DynamoDB's write cost to a secondary index: an entry put or deleted costs one write, a moved entry two, an entry
/// whose projected attributes change in place one, and a write the index does not see nothing; a write is one unit per
/// started KB of the entry. The table (pk, sk) has the index ByStatus (status) that INCLUDEs note.
/// </summary>
public sealed class IndexWriteCostTests
{
    static readonly KeySchema Table = new(new KeyAttribute("pk", AttributeType.S), new KeyAttribute("sk", AttributeType.S));

    static SecondaryIndexDefinition ByStatus(ProjectionType projection = ProjectionType.INCLUDE) => new("ByStatus", IsGlobal: true,
        new KeySchema(new KeyAttribute("status", AttributeType.S), null),
        new IndexProjection(projection, projection == ProjectionType.INCLUDE ? ["note"] : null));

    /// <summary>An item whose entry in ByStatus is 16 bytes plus the note's attribute: pk (3), sk (3), status OPEN (10).</summary>
    static Dictionary<string, AttributeValue> Order(string? status = "OPEN", int noteLength = 10, string secret = "x")
    {
        var item = Item(("pk", S("p")), ("sk", S("s")), ("note", S(new string('n', noteLength))), ("secret", S(secret)));
        if (status is not null) item["status"] = S(status);
        return item;
    }

    static double Cost(IReadOnlyDictionary<string, AttributeValue>? old, IReadOnlyDictionary<string, AttributeValue>? @new,
        ProjectionType projection = ProjectionType.INCLUDE) => IndexWriteCost.Of(ByStatus(projection), Table, old, @new);

    [Fact]
    public void A_new_entry_costs_one_write_of_its_projected_size()
    {
        Assert.Equal(1, Cost(null, Order()));
        // 16 + note (4 + 1004) = 1024 bytes: one KB; one byte more starts the second.
        Assert.Equal(1, Cost(null, Order(noteLength: 1004)));
        Assert.Equal(2, Cost(null, Order(noteLength: 1005)));
        // What the index does not project is not in the entry's size.
        Assert.Equal(1, Cost(null, Order(secret: new string('x', 5000))));
    }

    [Fact]
    public void An_item_without_the_index_key_costs_the_index_nothing()
    {
        Assert.Equal(0, Cost(null, Order(status: null)));
        Assert.Equal(0, Cost(Order(status: null), Order(status: null, noteLength: 50)));
        Assert.Equal(0, Cost(Order(status: null), null));
    }

    [Fact]
    public void A_write_that_leaves_the_projected_attributes_alone_costs_nothing()
    {
        Assert.Equal(0, Cost(Order(), Order(secret: "changed")));
        Assert.Equal(0, Cost(Order(), Order()));
        Assert.Equal(0, Cost(Order(), Order(noteLength: 500), ProjectionType.KEYS_ONLY));
    }

    [Fact]
    public void Changing_a_projected_attribute_under_the_same_key_costs_one_write_of_the_larger_entry()
    {
        Assert.Equal(1, Cost(Order(), Order(noteLength: 11)));
        Assert.Equal(2, Cost(Order(), Order(noteLength: 1500)));
        Assert.Equal(2, Cost(Order(noteLength: 1500), Order()));
        // ALL projects every attribute.
        Assert.Equal(1, Cost(Order(), Order(secret: "changed"), ProjectionType.ALL));
    }

    [Fact]
    public void Changing_the_index_key_costs_a_delete_and_a_put()
    {
        Assert.Equal(2, Cost(Order("OPEN"), Order("SHIPPED")));
        Assert.Equal(3, Cost(Order("OPEN", noteLength: 1500), Order("SHIPPED")));
        Assert.Equal(4, Cost(Order("OPEN", noteLength: 1500), Order("SHIPPED", noteLength: 1500)));
    }

    [Fact]
    public void Leaving_the_index_costs_one_write_of_the_old_entry()
    {
        Assert.Equal(1, Cost(Order(), null));
        Assert.Equal(1, Cost(Order(), Order(status: null)));
        Assert.Equal(2, Cost(Order(noteLength: 1500), null));
    }

    [Fact]
    public void A_key_value_of_another_type_is_no_entry()
    {
        var numbered = Order(status: null);
        numbered["status"] = N(7);
        Assert.Equal(0, Cost(null, numbered));
        Assert.Equal(1, Cost(Order(), numbered));
    }

    [Fact]
    public void A_decision_carries_the_units_of_each_index_it_charges_and_no_others()
    {
        var byNote = new SecondaryIndexDefinition("ByNote", IsGlobal: false,
            new KeySchema(new KeyAttribute("pk", AttributeType.S), new KeyAttribute("note", AttributeType.S)), new IndexProjection(ProjectionType.KEYS_ONLY));
        var state = new PartitionState("T", "us-east-1", new HybridLogicalClock(TimeProvider.System));
        state.Apply(new IndexesDefined(Table, [ByStatus(), byNote]));
        var key = new ItemKey(S("p"), S("s"));
        PutRequest Put(Dictionary<string, AttributeValue> item) => new(key, item, null, ReturnValue.NONE, false);

        var created = state.Decide(Put(Order()));
        Assert.Equal([new IndexCapacity("ByStatus", true, 1), new IndexCapacity("ByNote", false, 1)], created.IndexUnits!.OrderByDescending(i => i.IsGlobal));
        Assert.Equal(1, created.TableUnits);
        Assert.Equal(3, created.Consumed("T").Total);
        state.Apply(created.Change!);

        // The status moves ByStatus's entry; ByNote's key and projection stay.
        Assert.Equal([new IndexCapacity("ByStatus", true, 2)], state.Decide(Put(Order("SHIPPED", secret: "y"))).IndexUnits);
        Assert.Empty(state.Decide(Put(Order(secret: "y"))).IndexUnits!);
    }
}
