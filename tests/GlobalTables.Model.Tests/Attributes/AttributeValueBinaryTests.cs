using System.Globalization;
using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Tests.Attributes;

public sealed class AttributeValueBinaryTests
{
    static AttributeValue RoundTrip(AttributeValue value)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) AttributeValueBinary.Write(w, value);
        stream.Position = 0;
        using var r = new BinaryReader(stream);
        var back = AttributeValueBinary.Read(r);
        Assert.Equal(stream.Length, stream.Position);
        return back;
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-1")]
    [InlineData("42.5")]
    [InlineData("-0.001")]
    [InlineData("1000000")]
    [InlineData("12345678901234567890123456789012345678")]
    [InlineData("-12345678901234567890123456789012345678")]
    [InlineData("9.9999999999999999999999999999999999999E+125")]
    [InlineData("-9.9999999999999999999999999999999999999E+125")]
    [InlineData("1E-130")]
    [InlineData("-1E-130")]
    [InlineData("255")]
    [InlineData("128")]
    [InlineData("-128")]
    public void A_number_comes_back_as_the_same_number(string text)
    {
        var number = AttributeValue.FromN(text);
        var back = RoundTrip(number);
        Assert.Equal(number, back);
        Assert.Equal(number.N.ToString(), back.N.ToString());
    }

    [Fact]
    public void Random_numbers_come_back_with_every_digit()
    {
        var random = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            int digits = random.Next(1, 39);
            var text = (random.Next(2) == 0 ? "-" : "") + string.Concat(Enumerable.Range(0, digits).Select(d => d == 0 ? random.Next(1, 10) : random.Next(10)))
                + "E" + random.Next(-100, 88).ToString(CultureInfo.InvariantCulture);
            var number = AttributeValue.FromN(text);
            Assert.Equal(number.N.ToString(), RoundTrip(number).N.ToString());
        }
    }

    [Fact]
    public void Every_type_comes_back_equal_nested_and_empty()
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["s"] = AttributeValue.FromS("héllo wörld 🌍"),
            ["empty"] = AttributeValue.FromS(""),
            ["b"] = AttributeValue.FromB([0, 1, 255]),
            ["no bytes"] = AttributeValue.FromB([]),
            ["t"] = AttributeValue.True,
            ["f"] = AttributeValue.False,
            ["z"] = AttributeValue.Null,
            ["m"] = AttributeValue.FromM(new Dictionary<string, AttributeValue>
            {
                ["inner"] = AttributeValue.FromL([AttributeValue.FromS("x"), AttributeValue.FromN("1E+100"), AttributeValue.FromM(new Dictionary<string, AttributeValue>())]),
            }),
            ["l"] = AttributeValue.FromL([]),
            ["ss"] = AttributeValue.FromSS(["a", "b"]),
            ["ns"] = AttributeValue.FromNS([DynamoNumber.Parse("1"), DynamoNumber.Parse("0.001")]),
            ["bs"] = AttributeValue.FromBS([[1], [2, 3]]),
        };
        var back = RoundTrip(AttributeValue.FromM(item));
        Assert.Equal(AttributeValue.FromM(item), back);
        Assert.Equal(item.Keys, back.M.Keys);
        Assert.Equal(AttributeType.BOOL, back.M["f"].Type);
        Assert.False(back.M["f"].Bool);
    }

    [Fact]
    public void An_unknown_type_byte_is_refused()
    {
        byte[] bytes = [42];
        using var r = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true));
        Assert.Throws<InvalidDataException>(() => AttributeValueBinary.Read(r));
    }

    [Fact]
    public void Items_are_read_in_place_one_after_another()
    {
        var first = new Dictionary<string, AttributeValue>
        {
            ["long"] = AttributeValue.FromS(string.Concat(Enumerable.Repeat("ü日😀x", 300))),
            ["b"] = AttributeValue.FromB([1, 2, 3]),
            ["ns"] = AttributeValue.FromNS([DynamoNumber.Parse("-1.5"), DynamoNumber.Parse("7")]),
        };
        var second = new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k"), ["n"] = AttributeValue.FromN("42") };
        using var written = new MemoryStream();
        using (var w = new BinaryWriter(written, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            AttributeValueBinary.WriteItem(w, first);
            AttributeValueBinary.WriteItem(w, second);
            w.Write(int.MaxValue);
        }
        var bytes = written.ToArray();
        using var r = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true));
        var a = AttributeValueBinary.ReadItem(r);
        var b = AttributeValueBinary.ReadItem(r);
        Assert.Equal(int.MaxValue, r.ReadInt32());
        Assert.Equal(bytes.Length, r.BaseStream.Position);
        Assert.Equal(first["long"].S, a["long"].S);
        Assert.Equal([1, 2, 3], a["b"].B);
        Assert.Equal(["-1.5", "7"], a["ns"].NS.Select(n => n.ToString()));
        Assert.Equal("42", b["n"].N.ToString());
        Assert.Equal(AttributeValueBinary.EncodeItem(first), AttributeValueBinary.EncodeItem(AttributeValueBinary.DecodeItem(AttributeValueBinary.EncodeItem(first))));
    }

    [Fact]
    public void A_stream_that_hides_its_buffer_is_refused_rather_than_copied_for_every_value()
    {
        var bytes = AttributeValueBinary.EncodeItem(new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k") });
        using var r = new BinaryReader(new MemoryStream(bytes));
        var e = Assert.Throws<InvalidOperationException>(() => AttributeValueBinary.ReadItem(r));
        Assert.Contains("publiclyVisible", e.Message);
        Assert.Equal(0, r.BaseStream.Position);
    }
}
