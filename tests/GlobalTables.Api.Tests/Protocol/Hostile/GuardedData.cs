using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Items;
using static GlobalTables.Api.Tests.Items.Av;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// The data that must survive the run: a table (pk S, sk S, with a stream) holding items of every attribute type,
/// written through the SDK before the hostile requests and read back through it after them.
/// </summary>
public sealed class GuardedData(IAmazonDynamoDB client, string table)
{
    const int ItemCount = 40;
    readonly List<Dictionary<string, AttributeValue>> _items = [];

    public string Table => table;

    /// <summary>The keys in DynamoDB JSON, for requests that read them.</summary>
    public IReadOnlyList<JsonObject> Keys => _items.Select(i => new JsonObject
    {
        ["pk"] = new JsonObject { ["S"] = i["pk"].S }, ["sk"] = new JsonObject { ["S"] = i["sk"].S },
    }).ToList();

    public async Task<string> CreateAsync()
    {
        var created = await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        });
        await ServerFixture.WaitForStatusAsync(client, table, TableStatus.ACTIVE);
        for (int i = 0; i < ItemCount; i++)
        {
            var item = Item(("pk", S($"guarded-{i % 10}")), ("sk", S($"s{i}")), ("n", N((i * 7 - 3).ToString(System.Globalization.CultureInfo.InvariantCulture))),
                ("text", S($"value {i} \u00e9\ud83d\ude00")), ("bin", B((byte)i, 0, 255)), ("flag", Bool(i % 2 == 0)), ("nothing", Null()),
                ("tags", SS("a", $"t{i}")), ("nums", NS("1", $"{i + 2}")), ("list", L(N("1"), S("two"), M(("deep", L(Bool(true)))))),
                ("map", M(("a", N($"{i}")), ("b", M(("c", SS("x", "y")))))));
            await client.PutItemAsync(table, item);
            _items.Add(item);
        }
        return created.TableDescription.LatestStreamArn;
    }

    /// <summary>Every item as written, read back by a strongly consistent GetItem; the first that differs, or null.</summary>
    public async Task<string?> FirstChangeAsync()
    {
        foreach (var item in _items)
        {
            var key = Item(("pk", item["pk"]), ("sk", item["sk"]));
            var now = await ShowAsync(client, table, key);
            if (now != Show(item)) return $"{Show(key)} was {Show(item)}, is {now}";
        }
        return null;
    }
}
