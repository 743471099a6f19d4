using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Items;

/// <summary>An item held compactly reads back exactly as it was given: its image, Contexts and lineage.</summary>
public sealed class StoredItemTests
{
    static readonly Version Here = new(new HlcStamp(1_795_000_000_123, 4), "us-east-1");
    static readonly Version There = new(new HlcStamp(1_795_000_000_100, 0), "eu-west-2");

    static VersionVector Vector(params Version[] versions) => versions.Aggregate(VersionVector.Empty, (v, version) => v.With(version));

    static readonly Dictionary<string, AttributeValue> Image = new(StringComparer.Ordinal)
    {
        ["pk"] = S("a"),
        ["n"] = AttributeValue.FromN("-12.5"),
        ["m"] = AttributeValue.FromM(new Dictionary<string, AttributeValue> { ["l"] = AttributeValue.FromL([S("x"), AttributeValue.True]) }),
        ["ss"] = AttributeValue.FromSS(["b", "a"]),
    };

    [Fact]
    public void An_image_reads_back_whole_and_in_its_order_and_a_tombstone_has_none()
    {
        var item = new StoredItem(Image, Here, Vector(Here), ItemSize.Of(Image), Vector(Here), Lineage.Of(Vector(Here)), 7);
        Assert.Equal(AttributeValue.FromM(Image), AttributeValue.FromM(item.Image!));
        Assert.Equal(Image.Keys, item.Image!.Keys);
        Assert.Equal(AttributeValueBinary.EncodeItem(Image), item.EncodedImage.ToArray());
        Assert.False(item.IsTombstone);
        Assert.Equal((ItemSize.Of(Image), 7L), (item.SizeBytes, item.Sequence));

        var tombstone = new StoredItem((IReadOnlyDictionary<string, AttributeValue>?)null, Here, Vector(Here), 0, Vector(Here));
        Assert.True(tombstone.IsTombstone);
        Assert.Null(tombstone.Image);
    }

    public static TheoryData<string, VersionVector, VersionVector, Lineage?> Vectors => new()
    {
        { "the Version alone", Vector(Here), Vector(Here), Lineage.Of(Vector(Here)) },
        { "no lineage recorded", Vector(Here), Vector(Here), null },
        { "a Context wider than the Version", Vector(Here, There), Vector(Here, There), Lineage.Of(Vector(Here, There)) },
        { "a write Context apart", Vector(Here, There), Vector(Here), Lineage.Of(Vector(Here)) },
        { "a lineage with a hole", Vector(Here), Vector(Here),
            new Lineage(Vector(Here), [new Lineage.Hole("us-east-1", new HlcStamp(1, 0), new HlcStamp(2, 0))]) },
        { "a lineage narrower than the write Context", Vector(Here, There), Vector(Here, There), Lineage.Of(Vector(There)) },
        { "an empty Context", VersionVector.Empty, VersionVector.Empty, Lineage.Empty },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_vectors_read_back_as_given(string @case, VersionVector context, VersionVector writeContext, Lineage? lineage)
    {
        var item = new StoredItem(Image, Here, context, 1, writeContext, lineage);
        Assert.True(context.Equals(item.Context), @case);
        Assert.True(writeContext.Equals(item.WriteContext), @case);
        Assert.Equal(lineage, item.Lineage);
        Assert.Equal(lineage ?? Lineage.Of(writeContext), item.DataLineage);
        Assert.Equal(Here, item.Version);
    }
}
