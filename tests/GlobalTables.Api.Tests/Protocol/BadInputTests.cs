using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Items;
using static GlobalTables.Api.Tests.Items.Av;

namespace GlobalTables.Api.Tests.Protocol;

/// <summary>
/// Bad inputs through the real SDK: each asserts the exception type, the __type and DynamoDB's message,
/// and that the item already stored was not changed.
/// </summary>
public sealed class BadInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    const string Validation = "ValidationException";
    // Fields, not literals: the SDK's analyzer rejects out-of-range literals at compile time.
    static readonly int LimitTooSmall = 0, LimitTooLarge = 101;

    static readonly Dictionary<string, AttributeValue> Stored = Item(
        ("pk", S("k")), ("sk", N("1")), ("s", S("text")), ("n", N("5")), ("ss", SS("a")), ("m", M(("b", N("1")))), ("status", S("on")));

    static Dictionary<string, AttributeValue> Key => Item(("pk", S("k")), ("sk", N("1")));

    /// <summary>A table (partition key pk S, sort key sk N) holding <see cref="Stored"/>.</summary>
    async Task<(AmazonDynamoDBClient Client, string Table)> SeededAsync(string prefix)
    {
        var client = fixture.Client();
        var table = UniqueName(prefix);
        await ServerFixture.CreateTableAsync(client, table, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        await client.PutItemAsync(table, Stored);
        return (client, table);
    }

    /// <summary>Asserts the call fails with the given type, __type and message, and that the stored item is unchanged.</summary>
    static async Task<TException> RejectsAsync<TException>(IAmazonDynamoDB client, string? table, Func<Task> call, string errorCode, string message)
        where TException : AmazonDynamoDBException
    {
        var ex = await Assert.ThrowsAsync<TException>(call);
        Assert.Equal(message, ex.Message);
        Assert.Equal(errorCode, ex.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, ex.StatusCode);
        if (table is not null) Assert.Equal(Show(Stored), await ShowAsync(client, table, Key));
        return ex;
    }

    static Task<AmazonDynamoDBException> InvalidAsync(IAmazonDynamoDB client, string? table, Func<Task> call, string message) =>
        RejectsAsync<AmazonDynamoDBException>(client, table, call, Validation, message);

    Task<UpdateItemResponse> Update(IAmazonDynamoDB client, string table, string expression,
        Dictionary<string, AttributeValue>? values = null, Dictionary<string, string>? names = null, string? condition = null) =>
        client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Key, UpdateExpression = expression, ConditionExpression = condition,
            ExpressionAttributeValues = values, ExpressionAttributeNames = names,
        });

    [Fact]
    public async Task Missing_and_existing_tables()
    {
        var client = fixture.Client();
        var missing = UniqueName("missing");
        await RejectsAsync<ResourceNotFoundException>(client, null, () => client.GetItemAsync(missing, Key),
            "ResourceNotFoundException", "Requested resource not found");
        await RejectsAsync<ResourceNotFoundException>(client, null, () => client.PutItemAsync(missing, Stored),
            "ResourceNotFoundException", "Requested resource not found");
        await RejectsAsync<ResourceNotFoundException>(client, null, () => client.DescribeTableAsync(missing),
            "ResourceNotFoundException", $"Requested resource not found: Table: {missing} not found");
        await RejectsAsync<ResourceNotFoundException>(client, null, () => client.DeleteTableAsync(missing),
            "ResourceNotFoundException", $"Requested resource not found: Table: {missing} not found");

        var (_, table) = await SeededAsync("exists");
        await RejectsAsync<ResourceInUseException>(client, table, () => ServerFixture.CreateTableAsync(client, table),
            "ResourceInUseException", $"Table already exists: {table}");
    }

    [Fact]
    public async Task Shape_constraints_are_reported_in_the_N_validation_errors_form()
    {
        var (client, table) = await SeededAsync("shapes");
        await InvalidAsync(client, null, () => client.DescribeTableAsync("ab"),
            "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
        await InvalidAsync(client, null, () => client.DescribeTableAsync("bad name!"),
            "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        var longName = new string('t', 256);
        await InvalidAsync(client, null, () => client.GetItemAsync(longName, Key),
            $"1 validation error detected: Value '{longName}' at 'tableName' failed to satisfy constraint: Member must have length less than or equal to 255");
        var two = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.DescribeTableAsync("a!"));
        Assert.Equal(Validation, two.ErrorCode);
        Assert.StartsWith("2 validation errors detected: ", two.Message);
        Assert.Contains("Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3", two.Message);
        Assert.Contains("Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+", two.Message);

        await InvalidAsync(client, table, () => client.GetItemAsync(new GetItemRequest { TableName = table }),
            "1 validation error detected: Value null at 'key' failed to satisfy constraint: Member must not be null");
        await InvalidAsync(client, table, () => client.PutItemAsync(new PutItemRequest
            {
                TableName = table, Item = Stored, ReturnConsumedCapacity = new ReturnConsumedCapacity("EVERYTHING"),
            }),
            "1 validation error detected: Value 'EVERYTHING' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
        await InvalidAsync(client, table, () => client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table, Key = Key, UpdateExpression = "SET x = :x", ExpressionAttributeValues = new() { [":x"] = N("1") },
                ReturnValues = new ReturnValue("SOME"),
            }),
            "1 validation error detected: Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        await InvalidAsync(client, null, () => client.ListTablesAsync(new ListTablesRequest { Limit = LimitTooSmall }),
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
        await InvalidAsync(client, null, () => client.ListTablesAsync(new ListTablesRequest { Limit = LimitTooLarge }),
            "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
    }

    [Fact]
    public async Task Table_definitions_that_DynamoDB_rejects()
    {
        var client = fixture.Client();
        var name = UniqueName("provisioned");
        await InvalidAsync(client, null, () => client.CreateTableAsync(new CreateTableRequest
            {
                TableName = name, BillingMode = BillingMode.PROVISIONED,
                AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            }),
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        await InvalidAsync(client, null, () => client.CreateTableAsync(new CreateTableRequest
            {
                TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("extra", ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            }),
            "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        await InvalidAsync(client, null, () => client.CreateTableAsync(new CreateTableRequest
            {
                TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("other", ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            }),
            "One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [pk], AttributeDefinitions: [other]");
        Assert.DoesNotContain(name, (await client.ListTablesAsync(new ListTablesRequest())).TableNames ?? []);

        var (_, table) = await SeededAsync("update-table");
        await InvalidAsync(client, table, () => client.UpdateTableAsync(new UpdateTableRequest { TableName = table }),
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
        await InvalidAsync(client, table, () => client.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = table, BillingMode = BillingMode.PAY_PER_REQUEST, ProvisionedThroughput = new ProvisionedThroughput(1, 1),
            }),
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        await InvalidAsync(client, table, () => client.UpdateTableAsync(new UpdateTableRequest { TableName = table, BillingMode = BillingMode.PROVISIONED }),
            "One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        var described = await client.DescribeTableAsync(table);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, described.Table.BillingModeSummary.BillingMode);
        Assert.Equal(TableStatus.ACTIVE, described.Table.TableStatus);
    }

    [Fact]
    public async Task Keys_that_do_not_match_the_schema()
    {
        var (client, table) = await SeededAsync("keys");
        await InvalidAsync(client, table, () => client.GetItemAsync(table, Item(("pk", N("1")), ("sk", N("1")))),
            "The provided key element does not match the schema");
        await InvalidAsync(client, table, () => client.DeleteItemAsync(table, Item(("pk", S("k")), ("sk", N("1")), ("extra", S("x")))),
            "The provided key element does not match the schema");
        await InvalidAsync(client, table, () => client.UpdateItemAsync(new UpdateItemRequest { TableName = table, Key = Item(("pk", S("k"))) }),
            "The provided key element does not match the schema");
        await InvalidAsync(client, table, () => client.PutItemAsync(table, Item(("pk", S("k")), ("sk", S("1")), ("s", S("changed")))),
            "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
        await InvalidAsync(client, table, () => client.PutItemAsync(table, Item(("pk", S("k")), ("s", S("changed")))),
            "One or more parameter values were invalid: Missing the key sk in the item");
        await InvalidAsync(client, table, () => client.PutItemAsync(table, Item(("pk", S("")), ("sk", N("1")))),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
        await InvalidAsync(client, table, () => client.GetItemAsync(table, Item(("pk", S("")), ("sk", N("1")))),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
        await InvalidAsync(client, table, () => Update(client, table, "SET pk = :v", new() { [":v"] = S("other") }),
            "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
        await InvalidAsync(client, table, () => Update(client, table, "REMOVE sk"),
            "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key");

        var binary = UniqueName("binary-key");
        await ServerFixture.CreateTableAsync(client, binary, "id", ScalarAttributeType.B);
        await InvalidAsync(client, null, () => client.PutItemAsync(binary, Item(("id", B()))),
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: id");
    }

    [Fact]
    public async Task Attribute_values_that_DynamoDB_rejects()
    {
        var (client, table) = await SeededAsync("values");
        Task Put(AttributeValue v) => client.PutItemAsync(table, Item(("pk", S("k")), ("sk", N("1")), ("v", v)));

        await InvalidAsync(client, table, () => Put(SS()), "One or more parameter values were invalid: An string set  may not be empty");
        await InvalidAsync(client, table, () => Put(NS()), "One or more parameter values were invalid: An number set  may not be empty");
        await InvalidAsync(client, table, () => Put(BS()), "One or more parameter values were invalid: Binary sets should not be empty");
        await InvalidAsync(client, table, () => Put(SS("a", "b", "a")), "One or more parameter values were invalid: Input collection [a, b, a] contains duplicates.");
        await InvalidAsync(client, table, () => Put(NS("1", "1.0")), "Input collection contains duplicates");
        await InvalidAsync(client, table, () => Put(BS([1], [1])), "One or more parameter values were invalid: Input collection [AQ==, AQ==]of type BS contains duplicates.");
        await InvalidAsync(client, table, () => Put(N("abc")), "The parameter cannot be converted to a numeric value: abc");
        await InvalidAsync(client, table, () => Put(N("1.2.3")), "The parameter cannot be converted to a numeric value: 1.2.3");
        await InvalidAsync(client, table, () => Put(N("123456789012345678901234567890123456789")), "Attempting to store more than 38 significant digits in a Number");
        await InvalidAsync(client, table, () => Put(N("1E+126")), "Number overflow. Attempting to store a number with magnitude larger than supported range");
        await InvalidAsync(client, table, () => Put(N("-1E+126")), "Number overflow. Attempting to store a number with magnitude larger than supported range");
        await InvalidAsync(client, table, () => Put(N("1E-131")), "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        await InvalidAsync(client, table, () => Put(NS("1", "1E+200")), "Number overflow. Attempting to store a number with magnitude larger than supported range");
        await InvalidAsync(client, table, () => Put(new AttributeValue { NULL = false }), "One or more parameter values were invalid: Null attribute value types must have the value of true");
        await InvalidAsync(client, table, () => Put(M(("inner", L(new AttributeValue { NULL = false })))), "One or more parameter values were invalid: Null attribute value types must have the value of true");
        await InvalidAsync(client, table, () => Put(new AttributeValue()), "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        await InvalidAsync(client, table, () => Update(client, table, "SET v = :v", new() { [":v"] = N("x1") }), "The parameter cannot be converted to a numeric value: x1");
    }

    [Fact]
    public async Task Expression_attribute_names_and_values_must_be_used_and_defined()
    {
        var (client, table) = await SeededAsync("placeholders");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", new() { [":v"] = S("x"), [":unused"] = S("y") }),
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", new() { [":v"] = S("x") }, new() { ["#unused"] = "s" }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :nope", new() { [":v"] = S("x") }),
            "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :nope");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", new() { [":v"] = S("x") }, condition: "#nope = :v"),
            "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #nope");
        await InvalidAsync(client, table, () => Update(client, table, "SET #nope = :v", new() { [":v"] = S("x") }),
            "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #nope");
        await InvalidAsync(client, table, () => client.PutItemAsync(new PutItemRequest
            {
                TableName = table, Item = Stored, ExpressionAttributeValues = new() { [":v"] = S("x") },
            }),
            "ExpressionAttributeValues can only be specified when using expressions");
        await InvalidAsync(client, table, () => client.DeleteItemAsync(new DeleteItemRequest
            {
                TableName = table, Key = Key, ExpressionAttributeNames = new() { ["#n"] = "n" },
            }),
            "ExpressionAttributeNames can only be specified when using expressions");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", []),
            "ExpressionAttributeValues must not be empty");
        await InvalidAsync(client, table, () => client.GetItemAsync(new GetItemRequest
            {
                TableName = table, Key = Key, ProjectionExpression = "s, #a", ExpressionAttributeNames = new() { ["#a"] = "a", ["#b"] = "b" },
            }),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
    }

    [Fact]
    public async Task Expressions_with_syntax_reserved_word_and_semantic_errors()
    {
        var (client, table) = await SeededAsync("expressions");
        var v = new Dictionary<string, AttributeValue> { [":v"] = N("1") };
        await InvalidAsync(client, table, () => Update(client, table, "SET status = :v", v),
            "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
        await InvalidAsync(client, table, () => client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key, ProjectionExpression = "s, name" }),
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = ", null),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", v, condition: "n = = :v"),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
        await InvalidAsync(client, table, () => Update(client, table, "SET n = n + :v - :v", v),
            "Invalid UpdateExpression: Syntax error; token: \"-\", near: \":v - :v\"");
        await InvalidAsync(client, table, () => Update(client, table, "", null),
            "Invalid UpdateExpression: The expression can not be empty;");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v SET n = :v", v),
            "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = nofunc(:v)", v),
            "Invalid UpdateExpression: Invalid function name; function: nofunc");
        await InvalidAsync(client, table, () => Update(client, table, "ADD s :v", new() { [":v"] = S("x") }),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
        await InvalidAsync(client, table, () => Update(client, table, "SET n = n + :v", new() { [":v"] = S("x") }),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S");
        await InvalidAsync(client, table, () => Update(client, table, "ADD n :v", new() { [":v"] = S("x") }),
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
        await InvalidAsync(client, table, () => Update(client, table, "SET m = :v REMOVE m.b", v),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, b]");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v, s = :v", v),
            "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [s], path two: [s]");
        await InvalidAsync(client, table, () => client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key, ProjectionExpression = "m, m.b" }),
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [m], path two: [m, b]");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", v, condition: "n = n"),
            "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [n]");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :lo", new() { [":lo"] = N("10"), [":hi"] = N("5") }, condition: "n BETWEEN :lo AND :hi"),
            "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:5}");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :t", new() { [":t"] = S("X") }, condition: "attribute_type(s, :t)"),
            "Invalid ConditionExpression: Invalid attribute type name found; type: X, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", v, condition: "begins_with(s, :v)"),
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
        await InvalidAsync(client, table, () => Update(client, table, "SET s = :v", v, condition: "size(s)"),
            "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
    }

    [Fact]
    public async Task ReturnValues_must_suit_the_operation()
    {
        var (client, table) = await SeededAsync("return-values");
        await InvalidAsync(client, table, () => client.PutItemAsync(new PutItemRequest
            {
                TableName = table, Item = Item(("pk", S("k")), ("sk", N("1")), ("s", S("changed"))), ReturnValues = ReturnValue.ALL_NEW,
            }),
            "ReturnValues can only be ALL_OLD or NONE");
        await InvalidAsync(client, table, () => client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Key, ReturnValues = ReturnValue.UPDATED_OLD }),
            "ReturnValues can only be ALL_OLD or NONE");
    }
}
