using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Items;

/// <summary>Short constructors for SDK attribute values, and a canonical text form to compare items by value.</summary>
internal static class Av
{
    public static AttributeValue S(string s) => new() { S = s };
    public static AttributeValue N(string n) => new() { N = n };
    public static AttributeValue B(params byte[] b) => new() { B = new MemoryStream(b) };
    public static AttributeValue Bool(bool b) => new() { BOOL = b };
    public static AttributeValue Null() => new() { NULL = true };
    public static AttributeValue M(params (string Name, AttributeValue Value)[] entries) => new() { M = Item(entries) };
    public static AttributeValue L(params AttributeValue[] values) => new() { L = [.. values] };
    public static AttributeValue SS(params string[] values) => new() { SS = [.. values] };
    public static AttributeValue NS(params string[] values) => new() { NS = [.. values] };
    public static AttributeValue BS(params byte[][] values) => new() { BS = [.. values.Select(v => new MemoryStream(v))] };

    public static Dictionary<string, AttributeValue> Item(params (string Name, AttributeValue Value)[] entries) =>
        entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    /// <summary>Canonical text: map keys and set members sorted, so equal values print equally.</summary>
    public static string Show(AttributeValue v)
    {
        if (v.S is not null) return $"S({v.S})";
        if (v.N is not null) return $"N({v.N})";
        if (v.B is not null) return $"B({Convert.ToBase64String(v.B.ToArray())})";
        if (v.BOOL is not null) return $"BOOL({(v.BOOL.Value ? "true" : "false")})";
        if (v.NULL is not null) return "NULL";
        if (v.SS is not null) return $"SS[{string.Join(", ", v.SS.Order(StringComparer.Ordinal))}]";
        if (v.NS is not null) return $"NS[{string.Join(", ", v.NS.Order(StringComparer.Ordinal))}]";
        if (v.BS is not null) return $"BS[{string.Join(", ", v.BS.Select(b => Convert.ToBase64String(b.ToArray())).Order(StringComparer.Ordinal))}]";
        if (v.M is not null) return "M" + Show(v.M);
        if (v.L is not null) return $"L[{string.Join(", ", v.L.Select(Show))}]";
        return "EMPTY";
    }

    public static string Show(Dictionary<string, AttributeValue>? item) =>
        item is null ? "null" : "{" + string.Join(", ", item.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {Show(p.Value)}")) + "}";

    /// <summary>The item as a strongly consistent read sees it, or null.</summary>
    public static async Task<Dictionary<string, AttributeValue>?> GetAsync(IAmazonDynamoDB client, string table, Dictionary<string, AttributeValue> key)
    {
        var get = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = key, ConsistentRead = true });
        return get.IsItemSet ? get.Item : null;
    }

    public static async Task<string> ShowAsync(IAmazonDynamoDB client, string table, Dictionary<string, AttributeValue> key) =>
        Show(await GetAsync(client, table, key));

    static int _next;

    /// <summary>A table name no other test uses.</summary>
    public static string UniqueName(string prefix) =>
        prefix + "-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
}
