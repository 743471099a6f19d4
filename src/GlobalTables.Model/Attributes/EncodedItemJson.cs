using System.Text.Json;

namespace GlobalTables.Model.Attributes;

/// <summary>
/// An item in <see cref="AttributeValueBinary"/>'s form written as DynamoDB JSON straight from its bytes, exactly as
/// <see cref="AttributeValueJson.WriteItem"/> writes it decoded: a read sends an item on without making its strings,
/// maps and lists, and its strings go out as the UTF-8 they are held in.
/// </summary>
public static class EncodedItemJson
{
    public static void WriteItem(Utf8JsonWriter w, ReadOnlySpan<byte> encoded)
    {
        var r = new EncodedItemReader(encoded);
        WriteMap(w, ref r);
        if (!r.AtEnd) throw new InvalidDataException("Bytes left after an encoded item");
    }

    static void WriteMap(Utf8JsonWriter w, ref EncodedItemReader r)
    {
        int count = r.ReadCount();
        w.WriteStartObject();
        for (int i = 0; i < count; i++)
        {
            w.WritePropertyName(r.ReadLengthPrefixed());
            WriteValue(w, ref r);
        }
        w.WriteEndObject();
    }

    static void WriteValue(Utf8JsonWriter w, ref EncodedItemReader r)
    {
        w.WriteStartObject();
        var type = (AttributeType)r.ReadByte();
        switch (type)
        {
            case AttributeType.S: w.WriteString("S"u8, r.ReadLengthPrefixed()); break;
            case AttributeType.N: w.WriteString("N"u8, r.ReadNumber().ToString()); break;
            case AttributeType.B: w.WriteBase64String("B"u8, r.ReadLengthPrefixed()); break;
            case AttributeType.BOOL: w.WriteBoolean("BOOL"u8, r.ReadByte() != 0); break;
            case AttributeType.NULL: w.WriteBoolean("NULL"u8, true); break;
            case AttributeType.M: w.WritePropertyName("M"u8); WriteMap(w, ref r); break;
            case AttributeType.L:
                w.WriteStartArray("L"u8);
                for (int i = r.ReadCount(); i > 0; i--) WriteValue(w, ref r);
                w.WriteEndArray();
                break;
            case AttributeType.SS:
                w.WriteStartArray("SS"u8);
                for (int i = r.ReadCount(); i > 0; i--) w.WriteStringValue(r.ReadLengthPrefixed());
                w.WriteEndArray();
                break;
            case AttributeType.NS:
                w.WriteStartArray("NS"u8);
                for (int i = r.ReadCount(); i > 0; i--) w.WriteStringValue(r.ReadNumber().ToString());
                w.WriteEndArray();
                break;
            case AttributeType.BS:
                w.WriteStartArray("BS"u8);
                for (int i = r.ReadCount(); i > 0; i--) w.WriteBase64StringValue(r.ReadLengthPrefixed());
                w.WriteEndArray();
                break;
            default: throw new InvalidDataException($"Unknown attribute type byte {(byte)type}");
        }
        w.WriteEndObject();
    }
}
