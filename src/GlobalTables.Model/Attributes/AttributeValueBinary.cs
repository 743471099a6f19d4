using System.Numerics;

namespace GlobalTables.Model.Attributes;

/// <summary>
/// A compact binary form of attribute values, for the journal, the replication wire and the items a partition
/// holds, all written once and read many times: a type byte, then the value, lengths and counts as 7-bit varints.
/// Numbers go as their coefficient's bytes and exponent, so reading one parses no decimal text.
/// </summary>
public static class AttributeValueBinary
{
    // AttributeType's values are frozen (a persisted-format test checks them), so they serve as the type byte.

    /// <summary>An item as <see cref="WriteItem"/> writes it, on its own.</summary>
    public static byte[] EncodeItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (item is EncodedItem encoded) return encoded.Bytes;
        // The item's DynamoDB size plus a few bytes a value is close to its encoded size, so the buffer rarely grows.
        using var stream = new MemoryStream(Items.ItemSize.Of(item) + 8 * item.Count + 8);
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) WriteItem(w, item);
        return stream.ToArray();
    }

    /// <summary>An item <see cref="EncodeItem"/> wrote, read in place.</summary>
    public static Dictionary<string, AttributeValue> DecodeItem(ReadOnlySpan<byte> encoded)
    {
        var r = new EncodedItemReader(encoded);
        var item = ReadItem(ref r);
        if (!r.AtEnd) throw new InvalidDataException("Bytes left after an encoded item");
        return item;
    }

    public static void WriteItem(BinaryWriter w, IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (item is EncodedItem encoded)
        {
            w.Write(encoded.Bytes);
            return;
        }
        w.Write7BitEncodedInt(item.Count);
        foreach (var (name, value) in item)
        {
            w.Write(name);
            Write(w, value);
        }
    }

    /// <summary>An item <see cref="WriteItem"/> wrote, read in place from the reader's <see cref="MemoryStream"/>.</summary>
    public static Dictionary<string, AttributeValue> ReadItem(BinaryReader r) => InPlace(r, static (ref EncodedItemReader e) => ReadItem(ref e));

    /// <summary>A value <see cref="Write"/> wrote, read in place from the reader's <see cref="MemoryStream"/>.</summary>
    public static AttributeValue Read(BinaryReader r) => InPlace(r, static (ref EncodedItemReader e) => Read(ref e));

    delegate T InPlaceRead<T>(ref EncodedItemReader r);

    /// <summary>
    /// Reads from the stream's own buffer rather than through the reader, which would make a StringBuilder and a char
    /// buffer for every long string; then moves the stream past what was read.
    /// </summary>
    static T InPlace<T>(BinaryReader r, InPlaceRead<T> read)
    {
        // Copying a hidden buffer for every value would make reading a snapshot quadratic: such a stream is refused.
        if (r.BaseStream is not MemoryStream stream || !stream.TryGetBuffer(out var buffer))
            throw new InvalidOperationException("Attribute values are read in place: from a MemoryStream made with publiclyVisible");
        var reader = new EncodedItemReader(buffer.AsSpan((int)stream.Position));
        var value = read(ref reader);
        stream.Position += reader.Consumed;
        return value;
    }

    static Dictionary<string, AttributeValue> ReadItem(ref EncodedItemReader r)
    {
        int count = r.ReadCount();
        var item = new Dictionary<string, AttributeValue>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var name = r.ReadString();
            item[name] = Read(ref r);
        }
        return item;
    }

    public static void Write(BinaryWriter w, AttributeValue v)
    {
        w.Write((byte)v.Type);
        switch (v.Type)
        {
            case AttributeType.S: w.Write(v.S); break;
            case AttributeType.N: WriteNumber(w, v.N); break;
            case AttributeType.B: WriteBytes(w, v.B); break;
            case AttributeType.BOOL: w.Write(v.Bool); break;
            case AttributeType.NULL: break;
            case AttributeType.M: WriteItem(w, v.M); break;
            case AttributeType.L: WriteList(w, v.L, Write); break;
            case AttributeType.SS: WriteList(w, v.SS, (x, s) => x.Write(s)); break;
            case AttributeType.NS: WriteList(w, v.NS, WriteNumber); break;
            case AttributeType.BS: WriteList(w, v.BS, WriteBytes); break;
            default: throw new InvalidOperationException(v.Type.ToString());
        }
    }

    static AttributeValue Read(ref EncodedItemReader r)
    {
        var type = (AttributeType)r.ReadByte();
        switch (type)
        {
            case AttributeType.S: return AttributeValue.FromS(r.ReadString());
            case AttributeType.N: return AttributeValue.FromN(r.ReadNumber());
            case AttributeType.B: return AttributeValue.FromB(r.ReadLengthPrefixed().ToArray());
            case AttributeType.BOOL: return AttributeValue.FromBool(r.ReadByte() != 0);
            case AttributeType.NULL: return AttributeValue.Null;
            case AttributeType.M: return AttributeValue.FromM(ReadItem(ref r));
            case AttributeType.L:
            {
                var list = new AttributeValue[r.ReadCount()];
                for (int i = 0; i < list.Length; i++) list[i] = Read(ref r);
                return AttributeValue.FromL(list);
            }
            case AttributeType.SS:
            {
                var set = new string[r.ReadCount()];
                for (int i = 0; i < set.Length; i++) set[i] = r.ReadString();
                return AttributeValue.FromSS(set);
            }
            case AttributeType.NS:
            {
                var set = new DynamoNumber[r.ReadCount()];
                for (int i = 0; i < set.Length; i++) set[i] = r.ReadNumber();
                return AttributeValue.FromNS(set);
            }
            case AttributeType.BS:
            {
                var set = new byte[r.ReadCount()][];
                for (int i = 0; i < set.Length; i++) set[i] = r.ReadLengthPrefixed().ToArray();
                return AttributeValue.FromBS(set);
            }
            default: throw new InvalidDataException($"Unknown attribute type byte {(byte)type}");
        }
    }

    static void WriteList<T>(BinaryWriter w, IReadOnlyList<T> list, Action<BinaryWriter, T> write)
    {
        w.Write7BitEncodedInt(list.Count);
        foreach (var e in list) write(w, e);
    }

    static void WriteNumber(BinaryWriter w, DynamoNumber n)
    {
        // Zigzag, so the small negative exponents of decimals take one byte.
        w.Write7BitEncodedInt((n.Exponent << 1) ^ (n.Exponent >> 31));
        var coefficient = n.Coefficient;
        // 38 decimal digits fit in 17 bytes of two's complement.
        Span<byte> bytes = stackalloc byte[32];
        if (!coefficient.TryWriteBytes(bytes, out int written)) throw new InvalidOperationException("Coefficient too large");
        w.Write((byte)written);
        w.Write(bytes[..written]);
    }

    /// <summary>A number from its zigzag exponent and its coefficient's bytes, as <see cref="WriteNumber"/> wrote them.</summary>
    internal static DynamoNumber NumberOf(int zigzagExponent, ReadOnlySpan<byte> coefficient) =>
        DynamoNumber.FromParts(new BigInteger(coefficient), (int)((uint)zigzagExponent >> 1) ^ -(zigzagExponent & 1));

    static void WriteBytes(BinaryWriter w, byte[] b)
    {
        w.Write7BitEncodedInt(b.Length);
        w.Write(b);
    }
}
