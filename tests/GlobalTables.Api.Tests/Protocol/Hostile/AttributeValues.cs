using System.Text.Json.Nodes;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// DynamoDB-JSON attribute values: well-formed ones of every type, ones at and past the limits (32 levels, 38 digits,
/// 400 KB), and malformed ones (two types, none, unknown types, wrong JSON types, empty sets, duplicates).
/// </summary>
public sealed class AttributeValues(Random random, NastyValues nasty)
{
    public JsonObject Valid(int depth = 0) => random.Next(depth < 3 ? 10 : 7) switch
    {
        0 => new() { ["S"] = "s" + random.Next(1000) },
        1 => new() { ["N"] = random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        2 => new() { ["B"] = Convert.ToBase64String([(byte)random.Next(256), 1, 2]) },
        3 => new() { ["BOOL"] = random.Next(2) == 0 },
        4 => new() { ["NULL"] = true },
        5 => new() { ["SS"] = new JsonArray("a", "b" + random.Next(10)) },
        6 => new() { ["NS"] = new JsonArray("1", "2.5") },
        7 => new() { ["L"] = new JsonArray(Valid(depth + 1), Valid(depth + 1)) },
        8 => new() { ["M"] = new JsonObject { ["x"] = Valid(depth + 1), ["y"] = Valid(depth + 1) } },
        _ => new() { ["BS"] = new JsonArray("AQ==", "Ag==") },
    };

    /// <summary>Any value a hostile client might send in an attribute's place.</summary>
    public JsonNode? Any() => random.Next(5) switch
    {
        0 or 1 => Valid(),
        2 => Malformed(),
        3 => AtTheLimits(),
        _ => nasty.Any(),
    };

    public JsonNode? Malformed() => random.Next(14) switch
    {
        0 => new JsonObject(),
        1 => new JsonObject { ["S"] = "a", ["N"] = "1" },
        2 => new JsonObject { ["X"] = "1" },
        3 => new JsonObject { ["S"] = 5 },
        4 => new JsonObject { ["N"] = "not a number" },
        5 => new JsonObject { ["B"] = "abc" },
        6 => new JsonObject { ["SS"] = new JsonArray() },
        7 => new JsonObject { ["SS"] = new JsonArray("a", "a") },
        8 => new JsonObject { ["NULL"] = false },
        9 => new JsonObject { ["BOOL"] = "maybe" },
        10 => new JsonObject { ["L"] = new JsonArray(null, new JsonObject()) },
        11 => new JsonObject { ["M"] = new JsonArray() },
        12 => new JsonObject { ["NS"] = new JsonArray("1", "01") },
        _ => new JsonObject { ["S"] = null },
    };

    /// <summary>Values at and just past DynamoDB's limits.</summary>
    public JsonNode AtTheLimits() => random.Next(8) switch
    {
        0 => Nested(31, lists: random.Next(2) == 0),
        1 => Nested(32, lists: random.Next(2) == 0),
        2 => Nested(60 + random.Next(40), lists: random.Next(2) == 0),
        3 => new JsonObject { ["N"] = new string('9', 38) },
        4 => new JsonObject { ["N"] = new string('9', 39) },
        5 => new JsonObject { ["N"] = random.Next(2) == 0 ? "1e126" : "1e-131" },
        6 => new JsonObject { ["S"] = new string('s', random.Next(2) == 0 ? 2048 : 2049) },
        _ => new JsonObject { ["B"] = Convert.ToBase64String(new byte[random.Next(2) == 0 ? 1024 : 1025]) },
    };

    /// <summary>A leaf inside <paramref name="wraps"/> maps or lists; DynamoDB takes 31 wraps (32 levels) and no more.</summary>
    public static JsonObject Nested(int wraps, bool lists)
    {
        JsonObject value = new() { ["S"] = "leaf" };
        for (int i = 0; i < wraps; i++)
            value = lists ? new JsonObject { ["L"] = new JsonArray(value) } : new JsonObject { ["M"] = new JsonObject { ["n"] = value } };
        return value;
    }
}
