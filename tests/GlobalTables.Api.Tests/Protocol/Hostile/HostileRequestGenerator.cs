using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GlobalTables.Api.Protocol;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// Seeded hostile requests: bodies shaped like a real client's, then broken in structure or in bytes, aimed at
/// every operation (and at targets that do not exist), plus a few requests at the size limits. The same seed
/// always gives the same requests.
/// </summary>
public sealed class HostileRequestGenerator
{
    static readonly string[] Operations = Enum.GetNames<Operation>();
    static readonly string[] StreamsOperations = ["ListStreams", "DescribeStream", "GetShardIterator", "GetRecords"];
    static readonly string[] UnknownTargets = ["", "DynamoDB_20120810.NoSuchOperation", "DynamoDB_20991231.GetItem", "GetItem", "DynamoDBStreams_20120810.PutItem", "DynamoDB_20120810.GetRecords"];

    readonly Random _random;
    readonly RequestBodies _bodies;
    readonly JsonMutations _mutations;
    readonly ByteCorruptions _corruptions;
    readonly TableNames _tables;
    readonly ItemShapes _items;

    public HostileRequestGenerator(int seed, string guardedTable, string scratchTable, IReadOnlyList<JsonObject> guardedKeys, string streamArn)
    {
        _random = new Random(seed);
        var nasty = new NastyValues(_random);
        var values = new AttributeValues(_random, nasty);
        _tables = new TableNames(_random, guardedTable, scratchTable);
        _items = new ItemShapes(_random, values, guardedKeys);
        _bodies = new RequestBodies(_random, _tables, _items, new HostileExpressions(_random, values), streamArn);
        _mutations = new JsonMutations(_random, nasty, values);
        _corruptions = new ByteCorruptions(_random);
    }

    public static string TargetOf(string operation) =>
        (StreamsOperations.Contains(operation) ? HostileRequest.StreamsPrefix : HostileRequest.DynamoPrefix) + operation;

    /// <summary>The next request: three in ten as generated, four broken in structure, two in bytes, one sent to another target.</summary>
    public HostileRequest Next()
    {
        var operation = Operations[_random.Next(Operations.Length)];
        var body = _bodies.For(operation);
        switch (_random.Next(10))
        {
            case 0 or 1 or 2:
                return new(TargetOf(operation), Bytes(body), "as generated");
            case 3 or 4 or 5 or 6:
                var mutations = _mutations.Mutate(body);
                return new(TargetOf(operation), Bytes(body), mutations);
            case 7 or 8:
                var (corrupted, corruption) = _corruptions.Corrupt(Bytes(body));
                return new(TargetOf(operation), corrupted, corruption);
            default:
                // Only a body that names no guarded key may go to another operation: it could be a write there.
                var target = _random.Next(2) == 0 ? UnknownTargets[_random.Next(UnknownTargets.Length)] : TargetOf(Operations[_random.Next(Operations.Length)]);
                var json = Bytes(body);
                return Encoding.UTF8.GetString(json).Contains("guarded", StringComparison.Ordinal)
                    ? new(TargetOf(operation), json, "as generated")
                    : new(target, json, "other target");
        }
    }

    /// <summary>The few large requests at and past the size limits, sent once each.</summary>
    public IEnumerable<HostileRequest> AtTheSizeLimits(int bodyBytesMax)
    {
        // "{}" padded to exactly the body limit, then one byte past it.
        yield return new(TargetOf("ListTables"), Encoding.ASCII.GetBytes("{" + new string(' ', bodyBytesMax - 2) + "}"), "body at 16 MB");
        yield return new(TargetOf("ListTables"), Encoding.ASCII.GetBytes("{" + new string(' ', bodyBytesMax - 1) + "}"), "body past 16 MB");
        foreach (var over in new[] { false, true })
            yield return new(TargetOf("PutItem"), Bytes(new JsonObject { ["TableName"] = _tables.Guarded, ["Item"] = _items.ItemAtSizeLimit(over) }),
                over ? "item past 400 KB" : "item at 400 KB");
        var condition = HostileExpressions.NestedAnds(20000);
        yield return new(TargetOf("UpdateItem"), Bytes(new JsonObject
        {
            ["TableName"] = _tables.Guarded, ["Key"] = _items.WritableKey(), ["UpdateExpression"] = "SET v = :v",
            ["ConditionExpression"] = condition.Text, ["ExpressionAttributeValues"] = new JsonObject { [":v"] = new JsonObject { ["N"] = "1" } },
        }), "200 KB nested condition");
        var names = HostileExpressions.OversizedNames();
        yield return new(TargetOf("GetItem"), Bytes(new JsonObject
        {
            ["TableName"] = _tables.Guarded, ["Key"] = _items.WritableKey(), ["ProjectionExpression"] = "#n", ["ExpressionAttributeNames"] = names.Names,
        }), "2 MB of ExpressionAttributeNames");
    }

    // Deep enough for the values nested past DynamoDB's 32 levels; the default of 64 would refuse to write them.
    static readonly JsonSerializerOptions Writing = new() { MaxDepth = 1024 };

    static byte[] Bytes(JsonObject body) => JsonSerializer.SerializeToUtf8Bytes(body, Writing);
}
