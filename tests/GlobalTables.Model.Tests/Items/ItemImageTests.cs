using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Tests.Attributes;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Items;

/// <summary>
/// Whether a write changes an item, told from the encoded bytes where they can tell: never a different answer from
/// comparing the decoded items, and no answer where only decoding can tell.
/// </summary>
public sealed class ItemImageTests
{
    static byte[] Encoded(IReadOnlyDictionary<string, AttributeValue> item) => AttributeValueBinary.EncodeItem(item);

    static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] attributes) =>
        attributes.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);

    [Fact]
    public void The_bytes_tell_equal_items_and_scalars_that_differ()
    {
        var item = Item(("pk", S("a")), ("n", AttributeValue.FromN("1.50")), ("b", AttributeValue.FromB([1, 2])), ("t", AttributeValue.True));

        Assert.True(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("pk", S("a")), ("n", AttributeValue.FromN("1.5")), ("b", AttributeValue.FromB([1, 2])), ("t", AttributeValue.True)))));
        Assert.False(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("pk", S("a")), ("n", AttributeValue.FromN("1.51")), ("b", AttributeValue.FromB([1, 2])), ("t", AttributeValue.True)))));
        Assert.False(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("pk", S("b")), ("n", AttributeValue.FromN("1.5")), ("b", AttributeValue.FromB([1, 2])), ("t", AttributeValue.True)))));
        Assert.False(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("pk", S("a")), ("n", AttributeValue.FromN("1.5")), ("b", AttributeValue.FromB([1, 3])), ("t", AttributeValue.True)))));
        Assert.False(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("pk", S("a")), ("n", AttributeValue.FromN("1.5")), ("b", AttributeValue.FromB([1, 2])), ("t", AttributeValue.False)))));
        // Another type under the same name, and one attribute fewer.
        Assert.False(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("pk", S("a")), ("n", S("1.5")), ("b", AttributeValue.FromB([1, 2])), ("t", AttributeValue.True)))));
        Assert.False(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("pk", S("a")), ("n", AttributeValue.FromN("1.5")), ("b", AttributeValue.FromB([1, 2]))))));
    }

    [Fact]
    public void Attributes_or_members_in_another_order_are_left_to_the_decoded_items()
    {
        var item = Item(("pk", S("a")), ("v", S("x")));
        Assert.Null(ItemImage.SameEncoded(Encoded(item), Encoded(Item(("v", S("x")), ("pk", S("a"))))));

        var set = Item(("pk", S("a")), ("ss", AttributeValue.FromSS(["x", "y"])));
        Assert.Null(ItemImage.SameEncoded(Encoded(set), Encoded(Item(("pk", S("a")), ("ss", AttributeValue.FromSS(["y", "x"]))))));

        var map = Item(("pk", S("a")), ("m", AttributeValue.FromM(Item(("a", S("1")), ("b", S("2"))))));
        Assert.Null(ItemImage.SameEncoded(Encoded(map), Encoded(Item(("pk", S("a")), ("m", AttributeValue.FromM(Item(("b", S("2")), ("a", S("1")))))))));

        // A scalar that differs after such an attribute still tells.
        Assert.False(ItemImage.SameEncoded(Encoded(Item(("ss", AttributeValue.FromSS(["x", "y"])), ("v", S("1")))),
            Encoded(Item(("ss", AttributeValue.FromSS(["y", "x"])), ("v", S("2"))))));
    }

    [Fact]
    public void Over_random_items_the_bytes_never_answer_otherwise_than_the_decoded_items()
    {
        var random = new Random(23);
        int told = 0;
        for (int i = 0; i < 500; i++)
        {
            var item = RandomItems.Item(random);
            var changed = new Dictionary<string, AttributeValue>(item, StringComparer.Ordinal);
            var name = changed.Keys.ElementAt(random.Next(changed.Count));
            if (random.Next(4) == 0) changed.Remove(name);
            else changed[name] = RandomItems.Value(random);

            foreach (var other in new[] { item, RandomItems.Reordered(item), changed, RandomItems.Reordered(changed) })
            {
                var answer = ItemImage.SameEncoded(Encoded(item), Encoded(other));
                if (answer is not { } same) continue;
                told++;
                Assert.Equal(ItemImage.Same(item, other), same);
            }
        }
        // The bytes answered for most pairs: every item against itself, and most changes.
        Assert.True(told > 1000, $"the bytes told {told} of 2000 pairs");
    }

    [Fact]
    public void An_encoded_item_reads_as_its_item_and_is_written_as_the_bytes_it_holds()
    {
        var random = new Random(5);
        for (int i = 0; i < 100; i++)
        {
            var item = RandomItems.Item(random);
            var encoded = EncodedItem.Of(item);

            Assert.True(ItemImage.Same(item, encoded));
            Assert.Equal(Encoded(item), encoded.Bytes);
            Assert.Same(encoded.Bytes, AttributeValueBinary.EncodeItem(encoded));
            Assert.Same(encoded, EncodedItem.Of(encoded));
            using var stream = new MemoryStream();
            using (var w = new BinaryWriter(stream)) AttributeValueBinary.WriteItem(w, encoded);
            Assert.Equal(encoded.Bytes, stream.ToArray());
        }
    }
}
