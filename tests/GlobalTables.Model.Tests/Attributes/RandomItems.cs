using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Tests.Attributes;

/// <summary>Random attribute values of every type, nested a few deep, for tests over many items.</summary>
static class RandomItems
{
    public static Dictionary<string, AttributeValue> Item(Random random)
    {
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        for (int a = random.Next(1, 8); a > 0; a--) item[$"a{a}"] = Value(random);
        return item;
    }

    public static AttributeValue Value(Random random, int depth = 0) => random.Next(depth < 3 ? 10 : 5) switch
    {
        0 => AttributeValue.FromS(new string(Enumerable.Range(0, random.Next(0, 40)).Select(_ => (char)random.Next(1, 0x3000)).Where(c => !char.IsSurrogate(c)).ToArray())),
        1 => AttributeValue.FromN($"{random.Next(-100000, 100000)}.{random.Next(0, 1000)}E{random.Next(-20, 20)}"),
        2 => AttributeValue.FromB(Enumerable.Range(0, random.Next(0, 20)).Select(_ => (byte)random.Next(256)).ToArray()),
        3 => AttributeValue.FromBool(random.Next(2) == 0),
        4 => AttributeValue.Null,
        5 => AttributeValue.FromL(Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(random, depth + 1)).ToArray()),
        6 => AttributeValue.FromM(Enumerable.Range(0, random.Next(0, 4)).ToDictionary(k => $"m{k}", _ => Value(random, depth + 1))),
        7 => AttributeValue.FromSS(Enumerable.Range(0, random.Next(1, 4)).Select(k => $"s{k}-{random.Next()}").ToArray()),
        8 => AttributeValue.FromNS(Enumerable.Range(0, random.Next(1, 4)).Select(k => DynamoNumber.Parse($"{k}.{random.Next(1, 100)}")).ToArray()),
        _ => AttributeValue.FromBS(Enumerable.Range(0, random.Next(1, 4)).Select(k => new[] { (byte)k, (byte)random.Next(256) }).ToArray()),
    };

    /// <summary>The same item with every map's attributes and every set's members in reverse order.</summary>
    public static Dictionary<string, AttributeValue> Reordered(IReadOnlyDictionary<string, AttributeValue> item) =>
        item.Reverse().ToDictionary(a => a.Key, a => Reordered(a.Value), StringComparer.Ordinal);

    static AttributeValue Reordered(AttributeValue v) => v.Type switch
    {
        AttributeType.M => AttributeValue.FromM(Reordered(v.M)),
        AttributeType.L => AttributeValue.FromL(v.L.Select(Reordered).ToArray()),
        AttributeType.SS => AttributeValue.FromSS(v.SS.Reverse().ToArray()),
        AttributeType.NS => AttributeValue.FromNS(v.NS.Reverse().ToArray()),
        AttributeType.BS => AttributeValue.FromBS(v.BS.Reverse().ToArray()),
        _ => v,
    };
}
