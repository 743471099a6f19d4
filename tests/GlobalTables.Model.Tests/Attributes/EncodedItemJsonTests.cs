using System.Buffers;
using System.Text;
using System.Text.Json;
using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Tests.Attributes;

public sealed class EncodedItemJsonTests
{
    static string Decoded(IReadOnlyDictionary<string, AttributeValue> item) => Json(w => AttributeValueJson.WriteItem(w, item));

    static string Encoded(IReadOnlyDictionary<string, AttributeValue> item) =>
        Json(w => EncodedItemJson.WriteItem(w, AttributeValueBinary.EncodeItem(item)));

    static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Every_type_is_written_as_the_decoded_item_is()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["pk"] = AttributeValue.FromS("k1"),
            ["empty"] = AttributeValue.FromS(""),
            ["quotes and controls"] = AttributeValue.FromS("a \"q\" \\ \n\t\u0001 <tag> & 'x'"),
            ["unicode ü 日本 😀"] = AttributeValue.FromS("ü 日本 😀 \u2028"),
            ["n"] = AttributeValue.FromN("-12345678901234567890123456789012345678"),
            ["small"] = AttributeValue.FromN("1E-130"),
            ["decimal"] = AttributeValue.FromN("42.50"),
            ["b"] = AttributeValue.FromB([0, 1, 2, 250, 255]),
            ["emptyB"] = AttributeValue.FromB([]),
            ["t"] = AttributeValue.FromBool(true),
            ["f"] = AttributeValue.FromBool(false),
            ["null"] = AttributeValue.Null,
            ["ss"] = AttributeValue.FromSS(["a", "ü", "\"quoted\""]),
            ["ns"] = AttributeValue.FromNS([DynamoNumber.Parse("1"), DynamoNumber.Parse("-2.5"), DynamoNumber.Parse("3E+10")]),
            ["bs"] = AttributeValue.FromBS([[1], [2, 3]]),
            ["l"] = AttributeValue.FromL([AttributeValue.FromS("x"), AttributeValue.FromN("7"), AttributeValue.FromL([]), AttributeValue.Null]),
            ["m"] = AttributeValue.FromM(new Dictionary<string, AttributeValue>
            {
                ["inner"] = AttributeValue.FromM(new Dictionary<string, AttributeValue> { ["deep"] = AttributeValue.FromBool(true) }),
                ["list"] = AttributeValue.FromL([AttributeValue.FromM(new Dictionary<string, AttributeValue>())]),
            }),
        };
        var json = Encoded(item);
        Assert.Equal(Decoded(item), json);
        // And it reads back as the same item, so the comparison above is not of two equal mistakes.
        using var document = JsonDocument.Parse(json);
        var back = AttributeValueJson.ReadItem(document.RootElement);
        Assert.Equal(Decoded(item), Decoded(back));
        Assert.Equal("a \"q\" \\ \n\t\u0001 <tag> & 'x'", back["quotes and controls"].S);
        Assert.Equal("-12345678901234567890123456789012345678", back["n"].N.ToString());
    }

    [Fact]
    public void An_empty_item_is_an_empty_object() => Assert.Equal("{}", Encoded(new Dictionary<string, AttributeValue>()));

    [Fact]
    public void Random_items_are_written_as_decoded()
    {
        var random = new Random(11);
        for (int i = 0; i < 300; i++)
        {
            var item = new Dictionary<string, AttributeValue>();
            for (int a = random.Next(1, 8); a > 0; a--) item[$"a{a}"] = RandomItems.Value(random);
            Assert.Equal(Decoded(item), Encoded(item));
        }
    }

    [Fact]
    public void A_truncated_item_is_refused_rather_than_written_in_part()
    {
        var encoded = AttributeValueBinary.EncodeItem(new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("value") });
        Assert.ThrowsAny<Exception>(() => Json(w => EncodedItemJson.WriteItem(w, encoded.AsSpan(0, encoded.Length - 2))));
        var longer = encoded.Append((byte)0).ToArray();
        Assert.Throws<InvalidDataException>(() => Json(w => EncodedItemJson.WriteItem(w, longer)));
    }
}
