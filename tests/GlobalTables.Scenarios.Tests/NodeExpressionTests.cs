using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using ModelKey = GlobalTables.Model.Items.ItemKey;
using ModelValue = GlobalTables.Model.Attributes.AttributeValue;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// A region of three nodes in this process (docs/cluster.md): requests with expressions (conditions, updates, filters,
/// projections, key conditions), batches and transactions, through each node's endpoint, for items on every partition,
/// most of which live on another node. Each answer is the one a single node gives.
/// </summary>
public sealed class NodeExpressionTests(ITestOutputHelper output)
{
    const string Table = "Expressions";

    [Fact]
    public async Task EveryNodeServesRequestsWithExpressionsForEveryPartition()
    {
        await using var cluster = await RegionCluster.StartAsync(3);
        await cluster.AwaitShardRegionsAsync();
        await cluster.Client(0).CreateTableAsync(new CreateTableRequest
        {
            TableName = Table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        });
        await cluster.WaitActiveAsync(Table);
        int partitions = cluster.Node(0).Tables.Find(Table)!.PartitionCount;

        for (int node = 0; node < 3; node++)
        {
            var keys = KeysOnEveryPartition($"n{node}-", partitions);
            var client = cluster.Client(node);
            foreach (var pk in keys) await SingleItemRequestsAsync(client, pk);
            await ScanAsync(client, $"n{node}-", keys.Count);
            await BatchesAsync(client, keys);
            await TransactionsAsync(client, keys);
        }

        var shards = await cluster.ShardsPerNodeAsync();
        output.WriteLine($"{partitions} partitions; shards per node: {string.Join(", ", shards)}");
        Assert.All(shards, s => Assert.True(s > 0, $"shards per node: {string.Join(", ", shards)}"));
    }

    /// <summary>One partition key per partition of the table, each starting with <paramref name="prefix"/>.</summary>
    static List<string> KeysOnEveryPartition(string prefix, int partitions)
    {
        var keys = new string?[partitions];
        for (int i = 0; keys.Any(k => k is null); i++)
        {
            var pk = $"{prefix}{i}";
            keys[new ModelKey(ModelValue.FromS(pk), null).PartitionOf(partitions)] ??= pk;
        }
        return keys.Select(k => k!).ToList();
    }

    static Dictionary<string, AttributeValue> Key(string pk, int sk) => new() { ["pk"] = new AttributeValue(pk), ["sk"] = N(sk) };

    static AttributeValue N(int n) => new() { N = n.ToString() };

    static async Task SingleItemRequestsAsync(AmazonDynamoDBClient client, string pk)
    {
        var first = new PutItemRequest
        {
            TableName = Table,
            Item = new() { ["pk"] = new AttributeValue(pk), ["sk"] = N(1), ["n"] = N(1), ["tag"] = new AttributeValue("a"), ["gone"] = new AttributeValue("x") },
            ConditionExpression = "attribute_not_exists(pk)",
        };
        await client.PutItemAsync(first);
        var refused = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(first));
        Assert.Equal("The conditional request failed", refused.Message);

        var updated = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = Key(pk, 1),
            UpdateExpression = "SET #t = :t, l = list_append(if_not_exists(l, :empty), :l) ADD n :two REMOVE gone",
            ConditionExpression = "n = :one AND #t = :a",
            ExpressionAttributeNames = new() { ["#t"] = "tag" },
            ExpressionAttributeValues = new()
            {
                [":t"] = new AttributeValue("b"), [":empty"] = new AttributeValue { L = [] }, [":l"] = new AttributeValue { L = [new AttributeValue("first")] },
                [":two"] = N(2), [":one"] = N(1), [":a"] = new AttributeValue("a"),
            },
            ReturnValues = ReturnValue.ALL_NEW,
        });
        Assert.Equal("3", updated.Attributes["n"].N);
        Assert.Equal("b", updated.Attributes["tag"].S);
        Assert.Equal("first", Assert.Single(updated.Attributes["l"].L).S);
        Assert.False(updated.Attributes.ContainsKey("gone"));

        var old = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = Table,
            Key = Key(pk, 1),
            UpdateExpression = "SET n = n + :one",
            ExpressionAttributeValues = new() { [":one"] = N(1) },
            ReturnValues = ReturnValue.UPDATED_OLD,
        });
        Assert.Equal(["n"], old.Attributes.Keys);
        Assert.Equal("3", old.Attributes["n"].N);

        var got = await client.GetItemAsync(new GetItemRequest
        {
            TableName = Table, Key = Key(pk, 1), ConsistentRead = true,
            ProjectionExpression = "#t, l[0], n", ExpressionAttributeNames = new() { ["#t"] = "tag" },
        });
        Assert.Equal(["l", "n", "tag"], got.Item.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("4", got.Item["n"].N);

        await client.PutItemAsync(Table, new() { ["pk"] = new AttributeValue(pk), ["sk"] = N(2), ["n"] = N(10), ["tag"] = new AttributeValue("c") });
        var page = await client.QueryAsync(new QueryRequest
        {
            TableName = Table, ConsistentRead = true,
            KeyConditionExpression = "pk = :pk AND sk BETWEEN :lo AND :hi",
            FilterExpression = "n > :min",
            ProjectionExpression = "sk, #t",
            ExpressionAttributeNames = new() { ["#t"] = "tag" },
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue(pk), [":lo"] = N(1), [":hi"] = N(2), [":min"] = N(5) },
        });
        Assert.Equal((1, 2), (page.Count, page.ScannedCount));
        var found = Assert.Single(page.Items);
        Assert.Equal(["sk", "tag"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("2", "c"), (found["sk"].N, found["tag"].S));

        var delete = new DeleteItemRequest
        {
            TableName = Table, Key = Key(pk, 2), ConditionExpression = "n = :n", ReturnValues = ReturnValue.ALL_OLD,
            ExpressionAttributeValues = new() { [":n"] = N(11) },
        };
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.DeleteItemAsync(delete));
        delete.ExpressionAttributeValues[":n"] = N(10);
        Assert.Equal("c", (await client.DeleteItemAsync(delete)).Attributes["tag"].S);
    }

    /// <summary>A Scan with a filter, page by page: every item this node's requests left, and nothing else.</summary>
    static async Task ScanAsync(AmazonDynamoDBClient client, string prefix, int expected)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest
            {
                TableName = Table, ConsistentRead = true, Limit = 7, ExclusiveStartKey = start,
                FilterExpression = "begins_with(pk, :p) AND n = :four AND attribute_not_exists(gone)",
                ProjectionExpression = "pk, n",
                ExpressionAttributeValues = new() { [":p"] = new AttributeValue(prefix), [":four"] = N(4) },
            });
            items.AddRange(page.Items);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (start is not null);
        Assert.Equal(expected, items.Count);
        Assert.All(items, i => Assert.Equal(["n", "pk"], i.Keys.Order(StringComparer.Ordinal)));
    }

    static async Task BatchesAsync(AmazonDynamoDBClient client, List<string> keys)
    {
        foreach (var chunk in keys.Chunk(25))
        {
            var writes = new Dictionary<string, List<WriteRequest>>
            {
                [Table] = chunk.Select(pk => new WriteRequest(new PutRequest(new() { ["pk"] = new AttributeValue(pk), ["sk"] = N(3), ["b"] = new AttributeValue(pk) }))).ToList(),
            };
            // Unprocessed items are sent again, as the SDK's callers must.
            while (writes.Count > 0) writes = (await client.BatchWriteItemAsync(writes)).UnprocessedItems ?? [];
        }

        var read = new List<Dictionary<string, AttributeValue>>();
        foreach (var chunk in keys.Chunk(50))
        {
            var asked = new Dictionary<string, KeysAndAttributes>
            {
                [Table] = new() { Keys = chunk.Select(pk => Key(pk, 3)).ToList(), ProjectionExpression = "#b", ExpressionAttributeNames = new() { ["#b"] = "b" }, ConsistentRead = true },
            };
            while (asked.Count > 0)
            {
                var answer = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = asked });
                read.AddRange(answer.Responses[Table]);
                asked = answer.UnprocessedKeys ?? [];
            }
        }
        Assert.Equal(keys.Order(StringComparer.Ordinal), read.Select(i => Assert.Single(i).Value.S).Order(StringComparer.Ordinal));
    }

    /// <summary>Per pair of keys (two partitions): a ConditionCheck on one, an update of the other, a conditional put; then a refused one.</summary>
    static async Task TransactionsAsync(AmazonDynamoDBClient client, List<string> keys)
    {
        for (int i = 0; i < keys.Count; i++)
        {
            string checkedKey = keys[i], updatedKey = keys[(i + 1) % keys.Count];
            await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
            {
                TransactItems =
                [
                    new TransactWriteItem { ConditionCheck = new ConditionCheck
                    {
                        TableName = Table, Key = Key(checkedKey, 1), ConditionExpression = "n = :four",
                        ExpressionAttributeValues = new() { [":four"] = N(4) },
                    } },
                    new TransactWriteItem { Update = new Update
                    {
                        TableName = Table, Key = Key(updatedKey, 3), UpdateExpression = "SET tx = :tx ADD hits :one",
                        ExpressionAttributeValues = new() { [":tx"] = new AttributeValue(checkedKey), [":one"] = N(1) },
                    } },
                    new TransactWriteItem { Put = new Put
                    {
                        TableName = Table, Item = new() { ["pk"] = new AttributeValue(checkedKey), ["sk"] = N(4), ["from"] = new AttributeValue("tx") },
                        ConditionExpression = "attribute_not_exists(pk)",
                    } },
                ],
            });
        }

        var refused = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new TransactWriteItem { Update = new Update
                {
                    TableName = Table, Key = Key(keys[1], 3), UpdateExpression = "SET tx = :never",
                    ExpressionAttributeValues = new() { [":never"] = new AttributeValue("never") },
                } },
                new TransactWriteItem { ConditionCheck = new ConditionCheck
                {
                    TableName = Table, Key = Key(keys[0], 1), ConditionExpression = "n = :five",
                    ExpressionAttributeValues = new() { [":five"] = N(5) },
                } },
            ],
        }));
        Assert.Equal(["None", "ConditionalCheckFailed"], refused.CancellationReasons.Select(r => r.Code));

        var got = await client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = keys.Take(100).SelectMany((pk, i) => new[]
            {
                new TransactGetItem { Get = new Get { TableName = Table, Key = Key(pk, 3), ProjectionExpression = "tx, hits" } },
                new TransactGetItem { Get = new Get { TableName = Table, Key = Key(pk, 4), ProjectionExpression = "#f", ExpressionAttributeNames = new() { ["#f"] = "from" } } },
            }).Take(100).ToList(),
        });
        for (int i = 0; i < got.Responses.Count / 2; i++)
        {
            var updated = got.Responses[2 * i].Item;
            Assert.Equal(keys[(i - 1 + keys.Count) % keys.Count], updated["tx"].S);
            Assert.Equal("1", updated["hits"].N);
            Assert.Equal("tx", Assert.Single(got.Responses[2 * i + 1].Item).Value.S);
        }
    }
}
