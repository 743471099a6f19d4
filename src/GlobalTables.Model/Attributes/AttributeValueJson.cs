using System.Buffers;
using System.Text;
using System.Text.Json;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Attributes;

/// <summary>DynamoDB's JSON form of attribute values, read with DynamoDB's validation messages.</summary>
public static class AttributeValueJson
{
    /// <summary>An item, key or ExpressionAttributeValues map: each member an attribute at level 1.</summary>
    public static Dictionary<string, AttributeValue> ReadItem(JsonElement element) => ReadMap(element, 1);

    /// <summary>One attribute value, at level 1.</summary>
    public static AttributeValue Read(JsonElement element) => Read(element, 1);

    static Dictionary<string, AttributeValue> ReadMap(JsonElement element, int level)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw DynamoException.Serialization("Start of structure or map found where not expected.");
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject()) item[p.Name] = Read(p.Value, level);
        return item;
    }

    /// <summary>A value at <paramref name="level"/> of nesting; the level is checked before anything inside it is read.</summary>
    static AttributeValue Read(JsonElement element, int level)
    {
        AttributeNesting.Check(level);
        if (element.ValueKind != JsonValueKind.Object)
            throw DynamoException.Serialization(element.ValueKind == JsonValueKind.Array
                ? "Start of list found where not expected" : "Unexpected value type in payload");
        AttributeValue? result = null;
        int count = 0;
        foreach (var p in element.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Null) continue;
            count++;
            result = ReadTyped(p.Name, p.Value, level);
        }
        if (count == 0)
            throw DynamoException.Validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        if (count > 1)
            throw DynamoException.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        return result!;
    }

    static string ReadString(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => throw DynamoException.Serialization("NUMBER_VALUE cannot be converted to String"),
        JsonValueKind.True or JsonValueKind.False => throw DynamoException.Serialization("class java.lang.Boolean can not be converted to an String"),
        JsonValueKind.Array => throw DynamoException.Serialization("Start of list found where not expected"),
        _ => throw DynamoException.Serialization("Start of structure or map found where not expected."),
    };

    static byte[] ReadBinary(JsonElement e)
    {
        var s = ReadString(e);
        try { return Convert.FromBase64String(s); }
        catch (FormatException)
        {
            throw DynamoException.Serialization($"'{s}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: {s.Length}");
        }
    }

    static DynamoNumber ReadNumber(JsonElement e)
    {
        var s = ReadString(e);
        if (!DynamoNumber.TryParse(s, out var n, out var error)) throw DynamoException.Validation(error!);
        return n;
    }

    static List<JsonElement> ReadArray(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array)
            throw DynamoException.Serialization(e.ValueKind == JsonValueKind.Object
                ? "Start of structure or map found where not expected." : "Expected list or null");
        return e.EnumerateArray().ToList();
    }

    static AttributeValue ReadTyped(string type, JsonElement v, int level)
    {
        switch (type)
        {
            case "S": return AttributeValue.FromS(ReadString(v));
            case "N": return AttributeValue.FromN(ReadNumber(v));
            case "B": return AttributeValue.FromB(ReadBinary(v));
            case "BOOL":
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw DynamoException.Serialization(v.ValueKind == JsonValueKind.String
                        ? $"'{v.GetString()!.ToUpperInvariant()}' can not be converted to an Boolean"
                        : "Unexpected value type in payload");
                return AttributeValue.FromBool(v.GetBoolean());
            case "NULL":
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    throw DynamoException.Serialization("Unexpected value type in payload");
                if (!v.GetBoolean())
                    throw DynamoException.Validation("One or more parameter values were invalid: Null attribute value types must have the value of true");
                return AttributeValue.Null;
            case "M":
                if (v.ValueKind != JsonValueKind.Object)
                    throw DynamoException.Serialization(v.ValueKind == JsonValueKind.Array ? "Start of list found where not expected" : "Expected map or null");
                return AttributeValue.FromM(ReadMap(v, level + 1));
            case "L":
                return AttributeValue.FromL(ReadArray(v).Select(e => Read(e, level + 1)).ToList());
            case "SS":
            {
                var list = ReadArray(v).Select(ReadString).ToList();
                if (list.Count == 0) throw DynamoException.Validation("One or more parameter values were invalid: An string set  may not be empty");
                if (list.Distinct(StringComparer.Ordinal).Count() != list.Count)
                    throw DynamoException.Validation($"One or more parameter values were invalid: Input collection [{string.Join(", ", list)}] contains duplicates.");
                return AttributeValue.FromSS(list);
            }
            case "NS":
            {
                var raw = ReadArray(v);
                var list = raw.Select(ReadNumber).ToList();
                if (list.Count == 0) throw DynamoException.Validation("One or more parameter values were invalid: An number set  may not be empty");
                if (list.Distinct().Count() != list.Count) throw DynamoException.Validation("Input collection contains duplicates");
                return AttributeValue.FromNS(list);
            }
            case "BS":
            {
                var list = ReadArray(v).Select(ReadBinary).ToList();
                if (list.Count == 0) throw DynamoException.Validation("One or more parameter values were invalid: Binary sets should not be empty");
                if (list.Select(Convert.ToBase64String).Distinct().Count() != list.Count)
                    throw DynamoException.Validation($"One or more parameter values were invalid: Input collection [{string.Join(", ", list.Select(Convert.ToBase64String))}]of type BS contains duplicates.");
                return AttributeValue.FromBS(list);
            }
            default:
                throw DynamoException.Serialization($"Unknown attribute value type: {type}");
        }
    }

    public static void WriteItem(Utf8JsonWriter w, IReadOnlyDictionary<string, AttributeValue> item)
    {
        w.WriteStartObject();
        foreach (var (k, v) in item) { w.WritePropertyName(k); Write(w, v); }
        w.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter w, AttributeValue v)
    {
        w.WriteStartObject();
        switch (v.Type)
        {
            case AttributeType.S: w.WriteString("S"u8, v.S); break;
            case AttributeType.N: w.WriteString("N"u8, v.N.ToString()); break;
            case AttributeType.B: w.WriteBase64String("B"u8, v.B); break;
            case AttributeType.BOOL: w.WriteBoolean("BOOL"u8, v.Bool); break;
            case AttributeType.NULL: w.WriteBoolean("NULL"u8, true); break;
            case AttributeType.M: w.WritePropertyName("M"u8); WriteItem(w, v.M); break;
            case AttributeType.L:
                w.WriteStartArray("L"u8);
                foreach (var e in v.L) Write(w, e);
                w.WriteEndArray();
                break;
            case AttributeType.SS:
                w.WriteStartArray("SS"u8);
                foreach (var s in v.SS) w.WriteStringValue(s);
                w.WriteEndArray();
                break;
            case AttributeType.NS:
                w.WriteStartArray("NS"u8);
                foreach (var n in v.NS) w.WriteStringValue(n.ToString());
                w.WriteEndArray();
                break;
            case AttributeType.BS:
                w.WriteStartArray("BS"u8);
                foreach (var b in v.BS) w.WriteBase64StringValue(b);
                w.WriteEndArray();
                break;
        }
        w.WriteEndObject();
    }

    public static string Serialize(AttributeValue v)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) Write(w, v);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string SerializeItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) WriteItem(w, item);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Dictionary<string, AttributeValue> DeserializeItem(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ReadItem(doc.RootElement);
    }
}
