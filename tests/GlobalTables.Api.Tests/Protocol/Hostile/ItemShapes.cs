using System.Globalization;
using System.Text.Json.Nodes;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// Keys and items for a table keyed by pk (S) and sk (S). Writes only ever use keys whose pk starts with "h-",
/// which the guarded data never has; reads may also name the guarded keys.
/// </summary>
public sealed class ItemShapes(Random random, AttributeValues values, IReadOnlyList<JsonObject> guardedKeys)
{
    public const int ItemBytesMax = 400 * 1024;

    public JsonObject WritableKey() => Key("h-" + random.Next(500), "k" + random.Next(5));

    public JsonObject ReadableKey() => random.Next(3) == 0 ? (JsonObject)guardedKeys[random.Next(guardedKeys.Count)].DeepClone() : WritableKey();

    static JsonObject Key(string pk, string sk) => new() { ["pk"] = new JsonObject { ["S"] = pk }, ["sk"] = new JsonObject { ["S"] = sk } };

    /// <summary>A key DynamoDB refuses, or the longest it takes.</summary>
    public JsonObject BrokenKey() => random.Next(9) switch
    {
        0 => new JsonObject { ["pk"] = new JsonObject { ["S"] = "h-1" } },
        1 => Key("h-1", "k").With("extra", values.Valid()),
        2 => new JsonObject { ["pk"] = new JsonObject { ["N"] = "1" }, ["sk"] = new JsonObject { ["S"] = "k" } },
        3 => Key("", "k"),
        4 => Key("h-" + new string('p', 2046), "k"),
        5 => Key("h-" + new string('p', 2047), "k"),
        6 => Key("h-1", new string('s', 1024)),
        7 => Key("h-1", new string('s', 1025)),
        _ => new JsonObject { ["pk"] = values.Any(), ["sk"] = values.Any() },
    };

    /// <summary>An item at a writable key, with a few attributes of any kind.</summary>
    public JsonObject Item()
    {
        var item = WritableKey();
        for (int i = random.Next(4); i > 0; i--) item["a" + random.Next(10)] = values.Any();
        return item;
    }

    /// <summary>An item of exactly 400 KB by DynamoDB's measure (names plus values), or one byte more.</summary>
    public JsonObject ItemAtSizeLimit(bool over)
    {
        var item = WritableKey();
        int keyBytes = "pk".Length + item["pk"]!["S"]!.GetValue<string>().Length + "sk".Length + item["sk"]!["S"]!.GetValue<string>().Length;
        item["big"] = new JsonObject { ["S"] = new string('b', ItemBytesMax - keyBytes - "big".Length + (over ? 1 : 0)) };
        return item;
    }

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Fluent member adding for generated JSON.</summary>
internal static class JsonObjectExtensions
{
    public static JsonObject With(this JsonObject json, string name, JsonNode? value)
    {
        json[name] = value;
        return json;
    }
}
