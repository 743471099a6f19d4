using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Legacy;

public sealed class LegacyParameterTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    async Task<AmazonDynamoDBClient> TableAsync(string name)
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, name, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        for (int i = 1; i <= 6; i++)
            await client.PutItemAsync(name, new() { ["pk"] = S("a"), ["sk"] = N(i), ["color"] = S(i % 2 == 0 ? "red" : "blue"), ["n"] = N(i * 10) });
        return client;
    }

    [Fact]
    public async Task KeyConditions_QueryFilter_AttributesToGet_and_ConditionalOperator_query_like_their_expressions()
    {
        var client = await TableAsync("LegacyQuery");
        var r = await client.QueryAsync(new QueryRequest
        {
            TableName = "LegacyQuery",
            KeyConditions = new()
            {
                ["pk"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("a")] },
                ["sk"] = new Condition { ComparisonOperator = ComparisonOperator.BETWEEN, AttributeValueList = [N(2), N(5)] },
            },
            QueryFilter = new()
            {
                ["color"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("red")] },
                ["n"] = new Condition { ComparisonOperator = ComparisonOperator.GE, AttributeValueList = [N(50)] },
            },
            ConditionalOperator = ConditionalOperator.OR,
            AttributesToGet = ["sk"],
            ScanIndexForward = false,
        });
        Assert.Equal(["5", "4", "2"], r.Items.Select(i => i["sk"].N));
        Assert.All(r.Items, i => Assert.Equal(["sk"], i.Keys));
        Assert.Equal(4, r.ScannedCount);

        var scan = await client.ScanAsync(new ScanRequest
        {
            TableName = "LegacyQuery",
            ScanFilter = new()
            {
                ["color"] = new Condition { ComparisonOperator = ComparisonOperator.BEGINS_WITH, AttributeValueList = [S("bl")] },
                ["missing"] = new Condition { ComparisonOperator = ComparisonOperator.NULL },
                ["sk"] = new Condition { ComparisonOperator = ComparisonOperator.IN, AttributeValueList = [N(1), N(3), N(4)] },
            },
        });
        Assert.Equal(["1", "3"], scan.Items.Select(i => i["sk"].N).Order());
    }

    [Fact]
    public async Task Expected_and_AttributeUpdates_write_like_their_expressions()
    {
        var client = await TableAsync("LegacyWrite");
        var key = new Dictionary<string, AttributeValue> { ["pk"] = S("a"), ["sk"] = N(1) };

        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = "LegacyWrite",
            Item = new() { ["pk"] = S("a"), ["sk"] = N(1) },
            Expected = new() { ["color"] = new ExpectedAttributeValue { Exists = false } },
        }));
        var updated = await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "LegacyWrite",
            Key = key,
            Expected = new()
            {
                ["color"] = new ExpectedAttributeValue { Value = S("blue") },
                ["n"] = new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.LT, AttributeValueList = [N(11)] },
            },
            AttributeUpdates = new()
            {
                ["n"] = new AttributeValueUpdate { Action = AttributeAction.ADD, Value = N(5) },
                ["tags"] = new AttributeValueUpdate { Action = AttributeAction.ADD, Value = new AttributeValue { SS = ["x", "y"] } },
                ["color"] = new AttributeValueUpdate { Action = AttributeAction.DELETE },
                ["shape"] = new AttributeValueUpdate { Action = AttributeAction.PUT, Value = S("round") },
            },
            ReturnValues = ReturnValue.ALL_NEW,
        });
        Assert.Equal("15", updated.Attributes["n"].N);
        Assert.Equal(["x", "y"], updated.Attributes["tags"].SS.Order());
        Assert.False(updated.Attributes.ContainsKey("color"));
        Assert.Equal("round", updated.Attributes["shape"].S);

        var got = await client.GetItemAsync(new GetItemRequest { TableName = "LegacyWrite", Key = key, AttributesToGet = ["shape", "n"] });
        Assert.Equal(["n", "shape"], got.Item.Keys.Order());

        await client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = "LegacyWrite",
            Key = key,
            Expected = new() { ["shape"] = new ExpectedAttributeValue { Exists = true, Value = S("round") } },
        });
        Assert.False((await client.GetItemAsync("LegacyWrite", key)).IsItemSet);
    }

    [Fact]
    public async Task Legacy_parameters_get_DynamoDBs_validation_messages()
    {
        var client = await TableAsync("LegacyErrors");
        var key = new Dictionary<string, AttributeValue> { ["pk"] = S("a"), ["sk"] = N(1) };
        async Task<string> Fails(Func<Task> call) => (await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(call)).Message;

        Assert.Equal("Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
            await Fails(() => client.GetItemAsync(new GetItemRequest { TableName = "LegacyErrors", Key = key, AttributesToGet = ["n"], ProjectionExpression = "n" })));
        Assert.Equal("One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: color",
            await Fails(() => client.PutItemAsync(new PutItemRequest { TableName = "LegacyErrors", Item = key, Expected = new() { ["color"] = new ExpectedAttributeValue { Exists = true } } })));
        Assert.Equal("One or more parameter values were invalid: Invalid number of argument(s) for the BETWEEN ComparisonOperator",
            await Fails(() => client.PutItemAsync(new PutItemRequest
            {
                TableName = "LegacyErrors",
                Item = key,
                Expected = new() { ["n"] = new ExpectedAttributeValue { ComparisonOperator = ComparisonOperator.BETWEEN, AttributeValueList = [N(1)] } },
            })));
        Assert.Equal("The attempted filter operation is not supported for the provided filter argument count",
            await Fails(() => client.ScanAsync(new ScanRequest { TableName = "LegacyErrors", ScanFilter = new() { ["n"] = new Condition { ComparisonOperator = ComparisonOperator.EQ } } })));
        Assert.Equal("Attempted conditional constraint is not an indexable operation",
            await Fails(() => client.QueryAsync(new QueryRequest
            {
                TableName = "LegacyErrors",
                KeyConditions = new()
                {
                    ["pk"] = new Condition { ComparisonOperator = ComparisonOperator.EQ, AttributeValueList = [S("a")] },
                    ["sk"] = new Condition { ComparisonOperator = ComparisonOperator.NE, AttributeValueList = [N(1)] },
                },
            })));
        Assert.Equal("One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified",
            await Fails(() => client.UpdateItemAsync(new UpdateItemRequest { TableName = "LegacyErrors", Key = key, AttributeUpdates = new() { ["x"] = new AttributeValueUpdate { Action = AttributeAction.PUT } } })));
    }
}
