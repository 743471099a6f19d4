using System.Text.Json.Nodes;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>JSON values a member should not hold: wrong types, nulls, empties, extremes. None spells a guarded name or key.</summary>
public sealed class NastyValues(Random random)
{
    static readonly string[] Strings =
    [
        "", " ", "a", "-1", "null", "true", "\u0000", "\u00fc", "\ud83d\ude00", "<script>", "%s%n%x", "\\", "\"", "{}", "[]",
        "arn:aws:dynamodb:us-east-1:000000000000:table/missing", "ALL_NEW", "SET", "1e400", new string('x', 3000),
    ];

    public string String() => Strings[random.Next(Strings.Length)];

    /// <summary>Any JSON value, usually of the wrong type for where it lands.</summary>
    public JsonNode? Any() => random.Next(12) switch
    {
        0 => null,
        1 => JsonValue.Create(String()),
        2 => JsonValue.Create(random.Next(3) switch { 0 => 0L, 1 => -1L, _ => long.MaxValue }),
        3 => JsonValue.Create(random.NextDouble() * 1e300),
        4 => JsonValue.Create(random.Next(2) == 0),
        5 => new JsonArray(),
        6 => new JsonObject(),
        7 => new JsonArray(JsonValue.Create(String()), null, new JsonObject()),
        8 => new JsonObject { ["S"] = String() },
        9 => new JsonObject { ["__type"] = "x", ["M"] = null },
        10 => JsonValue.Create(2147483648L),
        _ => JsonValue.Create(1.5),
    };
}
