using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Queries;

public sealed class QueryTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    async Task<AmazonDynamoDBClient> NumberTableAsync(string name)
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, name, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        // 1, 2, 10, 20, 100: numeric order differs from text order.
        foreach (var n in new[] { 100, 2, 20, 1, 10 })
            await client.PutItemAsync(name, new() { ["pk"] = S("a"), ["sk"] = N(n), ["v"] = S("item" + n), ["odd"] = new AttributeValue { BOOL = n % 2 == 1 } });
        await client.PutItemAsync(name, new() { ["pk"] = S("b"), ["sk"] = N(5) });
        return client;
    }

    static async Task<List<long>> SortKeysAsync(IAmazonDynamoDB client, string table, string condition, Dictionary<string, AttributeValue> values, bool forward = true)
    {
        var r = await client.QueryAsync(new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = condition,
            ExpressionAttributeValues = values,
            ScanIndexForward = forward,
        });
        return r.Items.Select(i => long.Parse(i["sk"].N, CultureInfo.InvariantCulture)).ToList();
    }

    [Fact]
    public async Task Number_sort_keys_come_back_in_numeric_order_for_every_key_condition_operator()
    {
        var client = await NumberTableAsync("QueryNumbers");
        var pk = new Dictionary<string, AttributeValue> { [":p"] = S("a") };
        Dictionary<string, AttributeValue> With(params (string, AttributeValue)[] extra)
        {
            var d = new Dictionary<string, AttributeValue>(pk);
            foreach (var (k, v) in extra) d[k] = v;
            return d;
        }

        Assert.Equal([1, 2, 10, 20, 100], await SortKeysAsync(client, "QueryNumbers", "pk = :p", pk));
        Assert.Equal([100, 20, 10, 2, 1], await SortKeysAsync(client, "QueryNumbers", "pk = :p", pk, forward: false));
        Assert.Equal([10], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk = :s", With((":s", N(10)))));
        Assert.Equal([1, 2], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk < :s", With((":s", N(10)))));
        Assert.Equal([1, 2, 10], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk <= :s", With((":s", N(10)))));
        Assert.Equal([20, 100], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk > :s", With((":s", N(10)))));
        Assert.Equal([10, 20, 100], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk >= :s", With((":s", N(10)))));
        Assert.Equal([2, 10, 20], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk BETWEEN :lo AND :hi", With((":lo", N(2)), (":hi", N(20)))));
        Assert.Equal([20, 10, 2], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk BETWEEN :lo AND :hi", With((":lo", N(2)), (":hi", N(20))), forward: false));
        Assert.Equal([2, 1], await SortKeysAsync(client, "QueryNumbers", "pk = :p AND sk < :s", With((":s", N(10))), forward: false));
        Assert.Empty(await SortKeysAsync(client, "QueryNumbers", "pk = :p", new() { [":p"] = S("none") }));
    }

    [Fact]
    public async Task String_and_binary_sort_keys_sort_bytewise_and_begins_with_selects_a_prefix()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "QueryStrings", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.S);
        string[] keys = ["b", "a", "B", "ab", "abc", "ac", "é", "z"];
        foreach (var k in keys) await client.PutItemAsync("QueryStrings", new() { ["pk"] = S("p"), ["sk"] = S(k) });
        var all = await client.QueryAsync(new QueryRequest
        {
            TableName = "QueryStrings",
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("p") },
        });
        Assert.Equal(["B", "a", "ab", "abc", "ac", "b", "z", "é"], all.Items.Select(i => i["sk"].S));

        foreach (var forward in new[] { true, false })
        {
            var prefixed = await client.QueryAsync(new QueryRequest
            {
                TableName = "QueryStrings",
                KeyConditionExpression = "pk = :p AND begins_with(sk, :prefix)",
                ExpressionAttributeValues = new() { [":p"] = S("p"), [":prefix"] = S("a") },
                ScanIndexForward = forward,
            });
            string[] expected = ["a", "ab", "abc", "ac"];
            Assert.Equal(forward ? expected : expected.Reverse(), prefixed.Items.Select(i => i["sk"].S));
        }

        await ServerFixture.CreateTableAsync(client, "QueryBinary", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.B);
        byte[][] binaries = [[0xFF], [0x01, 0x02], [0x01], [0x80, 0x00]];
        foreach (var b in binaries) await client.PutItemAsync("QueryBinary", new() { ["pk"] = S("p"), ["sk"] = new AttributeValue { B = new MemoryStream(b) } });
        var binary = await client.QueryAsync(new QueryRequest
        {
            TableName = "QueryBinary",
            KeyConditionExpression = "pk = :p AND begins_with(sk, :b)",
            ExpressionAttributeValues = new() { [":p"] = S("p"), [":b"] = new AttributeValue { B = new MemoryStream([0x01]) } },
        });
        Assert.Equal(["01", "0102"], binary.Items.Select(i => Convert.ToHexString(i["sk"].B.ToArray())));
    }

    [Fact]
    public async Task Filter_projection_select_count_limit_and_paging_follow_DynamoDB()
    {
        var client = await NumberTableAsync("QueryOptions");
        var filtered = await client.QueryAsync(new QueryRequest
        {
            TableName = "QueryOptions",
            KeyConditionExpression = "pk = :p",
            FilterExpression = "#odd = :t",
            ProjectionExpression = "sk, v",
            ExpressionAttributeNames = new() { ["#odd"] = "odd" },
            ExpressionAttributeValues = new() { [":p"] = S("a"), [":t"] = new AttributeValue { BOOL = true } },
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
            ConsistentRead = true,
        });
        Assert.Equal(1, filtered.Count);
        Assert.Equal(5, filtered.ScannedCount);
        Assert.Equal(["sk", "v"], filtered.Items.Single().Keys.Order());
        Assert.Equal(1.0, filtered.ConsumedCapacity.CapacityUnits);

        var counted = await client.QueryAsync(new QueryRequest
        {
            TableName = "QueryOptions",
            KeyConditionExpression = "pk = :p AND sk > :s",
            ExpressionAttributeValues = new() { [":p"] = S("a"), [":s"] = N(1) },
            Select = Select.COUNT,
        });
        Assert.Equal(4, counted.Count);
        Assert.Empty(counted.Items ?? []);

        // Limit counts items evaluated before the filter; LastEvaluatedKey resumes after the last one.
        var seen = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        int pages = 0;
        do
        {
            var page = await client.QueryAsync(new QueryRequest
            {
                TableName = "QueryOptions",
                KeyConditionExpression = "pk = :p",
                FilterExpression = "odd = :f",
                ExpressionAttributeValues = new() { [":p"] = S("a"), [":f"] = new AttributeValue { BOOL = false } },
                Limit = 2,
                ScanIndexForward = false,
                ExclusiveStartKey = start,
            });
            Assert.True(page.ScannedCount <= 2);
            seen.AddRange(page.Items.Select(i => i["sk"].N));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            pages++;
        } while (start is not null);
        Assert.Equal(["100", "20", "10", "2"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Invalid_queries_get_DynamoDBs_validation_messages()
    {
        var client = await NumberTableAsync("QueryErrors");
        async Task<string> Fails(QueryRequest r) => (await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(r))).Message;

        Assert.Equal("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
            await Fails(new QueryRequest { TableName = "QueryErrors" }));
        Assert.Equal("Query key condition not supported", await Fails(new QueryRequest
        {
            TableName = "QueryErrors",
            KeyConditionExpression = "pk > :p",
            ExpressionAttributeValues = new() { [":p"] = S("a") },
        }));
        Assert.Equal("Query condition missed key schema element: pk", await Fails(new QueryRequest
        {
            TableName = "QueryErrors",
            KeyConditionExpression = "sk = :s",
            ExpressionAttributeValues = new() { [":s"] = N(1) },
        }));
        Assert.Equal("One or more parameter values were invalid: Condition parameter type does not match schema type", await Fails(new QueryRequest
        {
            TableName = "QueryErrors",
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = N(1) },
        }));
        Assert.Equal("Cannot specify the ProjectionExpression when choosing to get only the Count", await Fails(new QueryRequest
        {
            TableName = "QueryErrors",
            KeyConditionExpression = "pk = :p",
            ProjectionExpression = "v",
            Select = Select.COUNT,
            ExpressionAttributeValues = new() { [":p"] = S("a") },
        }));
        Assert.Equal("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES", await Fails(new QueryRequest
        {
            TableName = "QueryErrors",
            KeyConditionExpression = "pk = :p",
            Select = Select.SPECIFIC_ATTRIBUTES,
            ExpressionAttributeValues = new() { [":p"] = S("a") },
        }));
        Assert.Equal("The provided starting key is invalid: The provided key element does not match the schema", await Fails(new QueryRequest
        {
            TableName = "QueryErrors",
            KeyConditionExpression = "pk = :p",
            ExpressionAttributeValues = new() { [":p"] = S("a") },
            ExclusiveStartKey = new() { ["pk"] = S("a") },
        }));
    }
}
