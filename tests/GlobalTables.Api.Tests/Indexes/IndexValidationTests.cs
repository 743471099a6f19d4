using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Indexes;

/// <summary>CreateTable's index rules, each with DynamoDB's message, through the real SDK; nothing is created.</summary>
public sealed class IndexValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static KeySchemaElement Hash(string name) => new(name, KeyType.HASH);
    static KeySchemaElement Range(string name) => new(name, KeyType.RANGE);
    static AttributeDefinition Def(string name) => new(name, ScalarAttributeType.S);

    static GlobalSecondaryIndex Gsi(string name, Projection? projection = null, params KeySchemaElement[] keys) =>
        new() { IndexName = name, KeySchema = [.. keys], Projection = projection ?? new Projection { ProjectionType = ProjectionType.ALL } };

    static LocalSecondaryIndex Lsi(string name, Projection? projection = null, params KeySchemaElement[] keys) =>
        new() { IndexName = name, KeySchema = [.. keys], Projection = projection ?? new Projection { ProjectionType = ProjectionType.ALL } };

    async Task RefusedAsync(string expected, CreateTableRequest request)
    {
        request.TableName ??= "Refused" + Guid.NewGuid().ToString("N")[..8];
        request.BillingMode ??= BillingMode.PAY_PER_REQUEST;
        var client = fixture.Client();
        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.CreateTableAsync(request));
        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal(expected, e.Message);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeTableAsync(request.TableName));
    }

    [Fact]
    public async Task Attribute_definitions_are_exactly_what_the_keys_use()
    {
        await RefusedAsync("One or more parameter values were invalid: Some AttributeDefinitions are not used. AttributeDefinitions: [pk, g, extra], keys used: [pk, g]", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g"), Def("extra")], KeySchema = [Hash("pk")], GlobalSecondaryIndexes = [Gsi("ByG", null, Hash("g"))],
        });
        await RefusedAsync("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [g, h], AttributeDefinitions: [pk, g]", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")], GlobalSecondaryIndexes = [Gsi("ByG", null, Hash("g"), Range("h"))],
        });
    }

    [Fact]
    public async Task A_local_index_shares_the_tables_hash_key_and_needs_a_range_key()
    {
        await RefusedAsync("One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex", new()
        {
            AttributeDefinitions = [Def("pk"), Def("l")], KeySchema = [Hash("pk")], LocalSecondaryIndexes = [Lsi("ByL", null, Hash("pk"), Range("l"))],
        });
        await RefusedAsync("One or more parameter values were invalid: Index KeySchema does not have the same leading hash key as table KeySchema for index: ByL. index hash key: l, table hash key: pk", new()
        {
            AttributeDefinitions = [Def("pk"), Def("sk"), Def("l")], KeySchema = [Hash("pk"), Range("sk")], LocalSecondaryIndexes = [Lsi("ByL", null, Hash("l"), Range("sk"))],
        });
        await RefusedAsync("One or more parameter values were invalid: Index KeySchema does not have a range key for index: ByL", new()
        {
            AttributeDefinitions = [Def("pk"), Def("sk")], KeySchema = [Hash("pk"), Range("sk")], LocalSecondaryIndexes = [Lsi("ByL", null, Hash("pk"))],
        });
        await RefusedAsync("One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of 5", new()
        {
            AttributeDefinitions = [Def("pk"), Def("sk"), .. Enumerable.Range(0, 6).Select(i => Def($"l{i}"))], KeySchema = [Hash("pk"), Range("sk")],
            LocalSecondaryIndexes = [.. Enumerable.Range(0, 6).Select(i => Lsi($"ByL{i}", null, Hash("pk"), Range($"l{i}")))],
        });
    }

    [Fact]
    public async Task Names_counts_and_key_schemas_follow_DynamoDBs_rules()
    {
        await RefusedAsync("One or more parameter values were invalid: Duplicate index name: Same", new()
        {
            AttributeDefinitions = [Def("pk"), Def("sk"), Def("g")], KeySchema = [Hash("pk"), Range("sk")],
            GlobalSecondaryIndexes = [Gsi("Same", null, Hash("g"))], LocalSecondaryIndexes = [Lsi("Same", null, Hash("pk"), Range("g"))],
        });
        await RefusedAsync("One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of 20", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")],
            GlobalSecondaryIndexes = [.. Enumerable.Range(0, 21).Select(i => Gsi($"ByG{i}", null, Hash("g")))],
        });
        await RefusedAsync("Invalid KeySchema: The first KeySchemaElement is not a HASH key type", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")], GlobalSecondaryIndexes = [Gsi("ByG", null, Range("g"))],
        });
        await RefusedAsync("Both the Hash Key and the Range Key element in the KeySchema have the same name", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")], GlobalSecondaryIndexes = [Gsi("ByG", null, Hash("g"), Range("g"))],
        });
        await RefusedAsync("One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty", new()
        {
            AttributeDefinitions = [Def("pk")], KeySchema = [Hash("pk")], GlobalSecondaryIndexes = [],
        });
    }

    [Fact]
    public async Task Projections_and_throughput_follow_DynamoDBs_rules()
    {
        await RefusedAsync("One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes is not specified", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")],
            GlobalSecondaryIndexes = [Gsi("ByG", new Projection { ProjectionType = ProjectionType.INCLUDE }, Hash("g"))],
        });
        await RefusedAsync("One or more parameter values were invalid: ProjectionType is KEYS_ONLY, but NonKeyAttributes is specified", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")],
            GlobalSecondaryIndexes = [Gsi("ByG", new Projection { ProjectionType = ProjectionType.KEYS_ONLY, NonKeyAttributes = ["x"] }, Hash("g"))],
        });
        // At most 20 per index (the shape), and 100 in all: six indexes of 17 project 102.
        await RefusedAsync("One or more parameter values were invalid: Number of projected attributes in all indexes exceeds limit of 100, number of projected attributes: 102", new()
        {
            AttributeDefinitions = [Def("pk"), .. Enumerable.Range(0, 6).Select(i => Def($"g{i}"))], KeySchema = [Hash("pk")],
            GlobalSecondaryIndexes =
            [
                .. Enumerable.Range(0, 6).Select(i => Gsi($"ByG{i}",
                    new Projection { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = [.. Enumerable.Range(0, 17).Select(a => $"a{a}")] }, Hash($"g{i}"))),
            ],
        });
        await RefusedAsync("One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: ByG when BillingMode is PAY_PER_REQUEST", new()
        {
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")],
            GlobalSecondaryIndexes = [new() { IndexName = "ByG", KeySchema = [Hash("g")], Projection = new() { ProjectionType = ProjectionType.ALL }, ProvisionedThroughput = new(1, 1) }],
        });
        await RefusedAsync("One or more parameter values were invalid: ProvisionedThroughput must be specified for index: ByG", new()
        {
            BillingMode = BillingMode.PROVISIONED, ProvisionedThroughput = new(1, 1),
            AttributeDefinitions = [Def("pk"), Def("g")], KeySchema = [Hash("pk")], GlobalSecondaryIndexes = [Gsi("ByG", null, Hash("g"))],
        });
    }
}
