using System.Text.Json.Nodes;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>An expression with the placeholder maps it needs (either may be null).</summary>
public sealed record ExpressionParts(string Text, JsonObject? Names, JsonObject? Values);

/// <summary>
/// Expression text for any expression parameter: plain ones, ones at and past DynamoDB's limits (4 KB, 300
/// operators, IN's 100, 32-level paths, 255-byte placeholders), deep nesting, and token soup.
/// </summary>
public sealed class HostileExpressions(Random random, AttributeValues values)
{
    static readonly string[] Tokens = ["(", ")", "[", "]", ",", ".", "=", "<>", "<", "+", "-", "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE",
        "size", "attribute_exists", "if_not_exists", "list_append", "a", "#n", ":v", ":undefined", "#undefined", "0", "99999999999", "\u00e9", "!", "\ud83d\ude00"];

    static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    static JsonObject OneValue() => new() { [":v"] = new JsonObject { ["N"] = "1" } };

    public ExpressionParts Condition() => random.Next(12) switch
    {
        0 => new("attribute_exists(a) AND #n <> :v", new JsonObject { ["#n"] = "n" }, OneValue()),
        1 => Sized("a = :v", 4096 + random.Next(2), OneValue()),
        2 => NestedAnds(1000),
        3 => new("a<b " + Repeat("or (a<b ", 149 + random.Next(2)) + new string(')', 149), null, null),
        4 => new(Repeat("NOT ", 299 + random.Next(3)) + "a = :v", null, OneValue()),
        5 => new(new string('(', 2046) + "a<b" + new string(')', 2046), null, null),
        6 => new("a < " + Repeat("f(", 1355) + "b" + new string(')', 1355), null, null),
        7 => In(100 + random.Next(2)),
        8 => new(Path(32 + random.Next(2)) + " = :v", null, OneValue()),
        9 => Placeholders(),
        10 => new("a = :v", null, new JsonObject { [":v"] = values.AtTheLimits() }),
        _ => Soup(),
    };

    public ExpressionParts Update() => random.Next(8) switch
    {
        0 => new("SET a = :v, b = if_not_exists(b, :v) REMOVE c", null, OneValue()),
        1 => Sized("SET a = :v", 4096 + random.Next(2), OneValue()),
        2 => new("SET " + string.Join(", ", Enumerable.Range(0, 300 + random.Next(2)).Select(i => $"a{i}=:v+:v")), null, OneValue()),
        3 => new("SET a = " + new string('(', 4000) + ":v", null, OneValue()),
        4 => new("SET " + Path(32 + random.Next(2)) + " = :v", null, new JsonObject { [":v"] = values.AtTheLimits() }),
        5 => new("SET a = :v", null, new JsonObject { [":v"] = AttributeValues.Nested(31 + random.Next(2), lists: false) }),
        6 => Placeholders(),
        _ => Soup(),
    };

    public ExpressionParts Projection() => random.Next(4) switch
    {
        0 => new("a, b.c[1], #n", new JsonObject { ["#n"] = "n" }, null),
        1 => Sized("a, b", 4096 + random.Next(2), null),
        2 => new(Path(32 + random.Next(2)), null, null),
        _ => Soup(),
    };

    public ExpressionParts KeyCondition(JsonObject key) => random.Next(5) switch
    {
        0 => new("pk = :p", null, new JsonObject { [":p"] = key["pk"]?.DeepClone() }),
        1 => new("pk = :p AND begins_with(sk, :s)", null, new JsonObject { [":p"] = key["pk"]?.DeepClone(), [":s"] = new JsonObject { ["S"] = "k" } }),
        2 => Sized("pk = :v", 4096 + random.Next(2), OneValue()),
        3 => new("pk = :p OR sk = :p", null, new JsonObject { [":p"] = key["pk"]?.DeepClone() }),
        _ => Condition(),
    };

    /// <summary>The reported crash: a&lt;b and (a&lt;b and (...)), 9 bytes a level (20,000 levels make 200 KB).</summary>
    public static ExpressionParts NestedAnds(int depth) => new("a<b " + Repeat("and (a<b ", depth) + new string(')', depth), null, null);

    /// <summary>A valid expression padded with spaces, after its first word, to exactly <paramref name="bytes"/> bytes.</summary>
    static ExpressionParts Sized(string text, int bytes, JsonObject? values)
    {
        int split = text.IndexOf(' ', StringComparison.Ordinal);
        return new(text[..split] + new string(' ', bytes - text.Length + 1) + text[(split + 1)..], null, values);
    }

    ExpressionParts In(int candidates) =>
        new("a IN (" + string.Join(", ", Enumerable.Range(0, candidates).Select(i => $":v{i}")) + ")", null,
            new JsonObject(Enumerable.Range(0, candidates).Select(i => KeyValuePair.Create<string, JsonNode?>($":v{i}", new JsonObject { ["N"] = ItemShapes.Number(i) }))));

    static string Path(int depth) => "a" + Repeat(".b", depth - 1);

    ExpressionParts Placeholders() => random.Next(3) switch
    {
        0 => new("#" + new string('n', 254 + random.Next(2)) + " = :v", new JsonObject { ["#" + new string('n', 254)] = "n", ["#" + new string('n', 255)] = "n" }, OneValue()),
        1 => new("a = :" + new string('v', 254 + random.Next(2)), null, new JsonObject { [":" + new string('v', 254 + random.Next(2))] = new JsonObject { ["N"] = "1" } }),
        _ => new("#bad-key = :v", new JsonObject { ["#bad-key"] = "n", ["no-hash"] = "m" }, OneValue()),
    };

    /// <summary>ExpressionAttributeNames of 2 MB and one byte: its one name is that long.</summary>
    public static ExpressionParts OversizedNames() => new("#n = :v", new JsonObject { ["#n"] = new string('n', 2 * 1024 * 1024) }, OneValue());

    ExpressionParts Soup() =>
        new(string.Join(" ", Enumerable.Range(0, random.Next(1, 40)).Select(_ => Tokens[random.Next(Tokens.Length)])),
            random.Next(2) == 0 ? new JsonObject { ["#n"] = "n" } : null, random.Next(2) == 0 ? OneValue() : null);
}
