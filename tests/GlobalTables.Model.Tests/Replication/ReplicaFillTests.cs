using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Tests.Replication;

/// <summary>Whether a region's items go in a fill: only when some item holds a write made there, by its Context.</summary>
public sealed class ReplicaFillTests
{
    const string Us = "us-east-1", Eu = "eu-west-2", Ap = "ap-southeast-1";

    static ItemChanged Item(string key, Version version, VersionVector context) =>
        new("T", new ItemKey(AttributeValue.FromS(key), null), new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(key) }, version, context);

    static Version At(string region, long ms) => new(new HlcStamp(ms, 0), region);

    [Fact]
    public void A_region_whose_writes_no_item_holds_leaves_the_fill_to_the_others()
    {
        var items = new[] { Item("a", At(Us, 1), VersionVector.Empty.With(At(Us, 1))), Item("b", At(Eu, 2), VersionVector.Empty.With(At(Eu, 2))) };
        Assert.False(ReplicaFill.Owed(items, Ap));
        Assert.False(ReplicaFill.Owed([], Us));
        Assert.True(ReplicaFill.Owed(items, Us));
    }

    [Fact]
    public void A_write_made_here_that_lost_to_a_later_write_from_elsewhere_is_owed()
    {
        // us-east-1 wrote at 5, eu-west-2 at 6 without having seen it: eu-west-2's write won here, with the merged Context.
        var merged = VersionVector.Empty.With(At(Us, 5)).With(At(Eu, 6));
        Assert.True(ReplicaFill.Owed([Item("k", At(Eu, 6), merged)], Us));
    }
}
