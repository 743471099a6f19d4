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
        // The item's DynamoDB size plus a few bytes a value is close to its encoded size, so the buffer rarely grows.
        using var stream = new MemoryStream(Items.ItemSize.Of(item) + 8 * item.Count + 8);
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) WriteItem(w, item);
        return stream.ToArray();
    }

    [ThreadStatic] static BinaryReader? _itemReader;

    /// <summary>An item <see cref="EncodeItem"/> wrote. Every read of a held item comes here, so it reads from a copy
    /// in this thread's buffer rather than making a stream and a reader, with their buffers, each time.</summary>
    public static Dictionary<string, AttributeValue> DecodeItem(byte[] encoded)
    {
        _itemReader ??= new BinaryReader(new MemoryStream(), System.Text.Encoding.UTF8);
        var stream = (MemoryStream)_itemReader.BaseStream;
        stream.SetLength(0);
        stream.Write(encoded);
        stream.Position = 0;
        var item = ReadItem(_itemReader);
        // A rare huge item would otherwise keep its buffer for good.
        if (stream.Capacity > RetainedReadBufferMax) _itemReader = null;
        return item;
    }

    const int RetainedReadBufferMax = 64 * 1024;

    public static void WriteItem(BinaryWriter w, IReadOnlyDictionary<string, AttributeValue> item)
    {
        w.Write7BitEncodedInt(item.Count);
        foreach (var (name, value) in item)
        {
            w.Write(name);
            Write(w, value);
        }
    }

    public static Dictionary<string, AttributeValue> ReadItem(BinaryReader r)
    {
        int count = r.Read7BitEncodedInt();
        var item = new Dictionary<string, AttributeValue>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var name = r.ReadString();
            item[name] = Read(r);
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

    public static AttributeValue Read(BinaryReader r)
    {
        var type = (AttributeType)r.ReadByte();
        switch (type)
        {
            case AttributeType.S: return AttributeValue.FromS(r.ReadString());
            case AttributeType.N: return AttributeValue.FromN(ReadNumber(r));
            case AttributeType.B: return AttributeValue.FromB(ReadBytes(r));
            case AttributeType.BOOL: return AttributeValue.FromBool(r.ReadBoolean());
            case AttributeType.NULL: return AttributeValue.Null;
            case AttributeType.M: return AttributeValue.FromM(ReadItem(r));
            case AttributeType.L: return AttributeValue.FromL(ReadList(r, Read));
            case AttributeType.SS: return AttributeValue.FromSS(ReadList(r, x => x.ReadString()));
            case AttributeType.NS: return AttributeValue.FromNS(ReadList(r, ReadNumber));
            case AttributeType.BS: return AttributeValue.FromBS(ReadList(r, ReadBytes));
            default: throw new InvalidDataException($"Unknown attribute type byte {(byte)type}");
        }
    }

    static void WriteList<T>(BinaryWriter w, IReadOnlyList<T> list, Action<BinaryWriter, T> write)
    {
        w.Write7BitEncodedInt(list.Count);
        foreach (var e in list) write(w, e);
    }

    static T[] ReadList<T>(BinaryReader r, Func<BinaryReader, T> read)
    {
        var list = new T[r.Read7BitEncodedInt()];
        for (int i = 0; i < list.Length; i++) list[i] = read(r);
        return list;
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

    static DynamoNumber ReadNumber(BinaryReader r)
    {
        int zigzag = r.Read7BitEncodedInt();
        int exponent = (int)((uint)zigzag >> 1) ^ -(zigzag & 1);
        int length = r.ReadByte();
        Span<byte> bytes = stackalloc byte[length];
        r.BaseStream.ReadExactly(bytes);
        return DynamoNumber.FromParts(new BigInteger(bytes), exponent);
    }

    static void WriteBytes(BinaryWriter w, byte[] b)
    {
        w.Write7BitEncodedInt(b.Length);
        w.Write(b);
    }

    static byte[] ReadBytes(BinaryReader r)
    {
        int length = r.Read7BitEncodedInt();
        return r.ReadBytes(length);
    }
}
