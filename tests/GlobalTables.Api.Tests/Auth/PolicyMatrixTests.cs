using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Auth;

/// <summary>
/// Allow and deny across principals, operations, tables and conditions, through the real SDK signing with
/// configured keys against a strict host. A denial carries DynamoDB's AccessDeniedException and IAM's message.
/// </summary>
[Collection(StrictAuthCollection.Name)]
public sealed class PolicyMatrixTests(StrictAuthHost host)
{
    const string Allow = "allow", Deny = "deny", Explicit = "explicit";

    static Dictionary<string, AttributeValue> Key(string pk, string sk = "s1") => new() { ["pk"] = new(pk), ["sk"] = new(sk) };

    static string Other(string user) => user == "alice" ? "bob" : "alice";

    /// <summary>An operation: what it sends, and the IAM action and resource (null: the table) a denial names.</summary>
    sealed record Op(Func<IAmazonDynamoDB, string, string, Task> Run, string Action, Func<string, string>? Resource = null);

    static readonly Dictionary<string, Op> Ops = new()
    {
        ["GetItem"] = new((c, t, _) => c.GetItemAsync(t, Key("p1")), "GetItem"),
        ["GetProjected"] = new((c, t, _) => c.GetItemAsync(new GetItemRequest { TableName = t, Key = Key("p1"), ProjectionExpression = "pk, title" }), "GetItem"),
        ["GetSecretAttribute"] = new((c, t, _) => c.GetItemAsync(new GetItemRequest
        {
            TableName = t, Key = Key("p1"), ProjectionExpression = "pk, #s", ExpressionAttributeNames = new() { ["#s"] = "secret" },
        }), "GetItem"),
        ["PutItem"] = new((c, t, _) => c.PutItemAsync(t, new() { ["pk"] = new("p-" + Guid.NewGuid()), ["sk"] = new("s"), ["title"] = new("t") }), "PutItem"),
        ["UpdateItem"] = new((c, t, _) => c.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = t, Key = Key("p1"), UpdateExpression = "SET title = :t", ExpressionAttributeValues = new() { [":t"] = new("one") },
        }), "UpdateItem"),
        ["UpdateItemAllNew"] = new((c, t, _) => c.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = t, Key = Key("p1"), UpdateExpression = "SET title = :t", ExpressionAttributeValues = new() { [":t"] = new("one") },
            ReturnValues = ReturnValue.ALL_NEW,
        }), "UpdateItem"),
        ["DeleteItem"] = new((c, t, _) => c.DeleteItemAsync(t, Key("absent")), "DeleteItem"),
        ["Query"] = new((c, t, _) => c.QueryAsync(new QueryRequest
        {
            TableName = t, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = new("p1") },
        }), "Query"),
        ["QueryProjected"] = new((c, t, _) => c.QueryAsync(new QueryRequest
        {
            TableName = t, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = new("p1") }, ProjectionExpression = "title",
        }), "Query"),
        ["QueryAllAttributes"] = new((c, t, _) => c.QueryAsync(new QueryRequest
        {
            TableName = t, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = new("p1") }, Select = Select.ALL_ATTRIBUTES,
        }), "Query"),
        ["Scan"] = new((c, t, _) => c.ScanAsync(new ScanRequest { TableName = t }), "Scan"),
        ["ScanProjected"] = new((c, t, _) => c.ScanAsync(new ScanRequest { TableName = t, ProjectionExpression = "pk, title" }), "Scan"),
        ["DescribeTable"] = new((c, t, _) => c.DescribeTableAsync(t), "DescribeTable"),
        ["ListTables"] = new((c, _, _) => c.ListTablesAsync(new ListTablesRequest()), "ListTables", _ => "table/*"),
        ["DeleteTable"] = new((c, t, _) => c.DeleteTableAsync(t), "DeleteTable"),
        ["CreateTable"] = new((c, t, _) => c.CreateTableAsync(new CreateTableRequest
        {
            TableName = t + "Copy", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S)], KeySchema = [new("pk", KeyType.HASH)],
        }), "CreateTable", t => $"table/{t}Copy"),
        ["BatchGetItem"] = new((c, t, _) => c.BatchGetItemAsync(new Dictionary<string, KeysAndAttributes> { [t] = new() { Keys = [Key("p1")] } }), "BatchGetItem"),
        ["BatchWriteItem"] = new((c, t, _) => c.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>>
        {
            [t] = [new(new PutRequest(new() { ["pk"] = new("b-" + Guid.NewGuid()), ["sk"] = new("s") }))],
        }), "BatchWriteItem"),
        ["TransactWrite"] = new((c, t, _) => c.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new() { Put = new Put { TableName = t, Item = new() { ["pk"] = new("t-" + Guid.NewGuid()), ["sk"] = new("s") } } }],
        }), "PutItem"),
        ["TransactGet"] = new((c, t, _) => c.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = [new() { Get = new Get { TableName = t, Key = Key("p1") } }],
        }), "GetItem"),
        ["GetOwn"] = new((c, t, u) => c.GetItemAsync(t, Key(u, "profile")), "GetItem"),
        ["GetOther"] = new((c, t, u) => c.GetItemAsync(t, Key(Other(u), "profile")), "GetItem"),
        ["PutOwn"] = new((c, t, u) => c.PutItemAsync(t, new() { ["pk"] = new(u), ["sk"] = new("note-" + Guid.NewGuid()) }), "PutItem"),
        ["PutOther"] = new((c, t, u) => c.PutItemAsync(t, new() { ["pk"] = new(Other(u)), ["sk"] = new("note-" + Guid.NewGuid()) }), "PutItem"),
        ["UpdateOwn"] = new((c, t, u) => c.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = t, Key = Key(u, "profile"), UpdateExpression = "SET seen = :s", ExpressionAttributeValues = new() { [":s"] = new() { N = "1" } },
        }), "UpdateItem"),
        ["DeleteOther"] = new((c, t, u) => c.DeleteItemAsync(t, Key(Other(u), "profile")), "DeleteItem"),
        ["QueryOwn"] = new((c, t, u) => c.QueryAsync(new QueryRequest
        {
            TableName = t, KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = new(u) },
        }), "Query"),
        ["QueryOther"] = new((c, t, u) => c.QueryAsync(new QueryRequest
        {
            TableName = t, KeyConditionExpression = "#k = :p", ExpressionAttributeNames = new() { ["#k"] = "pk" },
            ExpressionAttributeValues = new() { [":p"] = new(Other(u)) },
        }), "Query"),
        ["BatchWriteOwn"] = new((c, t, u) => c.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>>
        {
            [t] = [new(new PutRequest(new() { ["pk"] = new(u), ["sk"] = new("b-" + Guid.NewGuid()) }))],
        }), "BatchWriteItem"),
        ["BatchWriteMixed"] = new((c, t, u) => c.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>>
        {
            [t] = [new(new PutRequest(new() { ["pk"] = new(u), ["sk"] = new("b-" + Guid.NewGuid()) })),
                   new(new PutRequest(new() { ["pk"] = new(Other(u)), ["sk"] = new("b-" + Guid.NewGuid()) }))],
        }), "BatchWriteItem"),
        ["BatchGetMixed"] = new((c, t, u) => c.BatchGetItemAsync(new Dictionary<string, KeysAndAttributes>
        {
            [t] = new() { Keys = [Key(u, "profile"), Key(Other(u), "profile")] },
        }), "BatchGetItem"),
    };

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // A read-only principal on Music and its indexes.
        { "reader", "GetItem", "Music", Allow },
        { "reader", "Query", "Music", Allow },
        { "reader", "Scan", "Music", Allow },
        { "reader", "DescribeTable", "Music", Allow },
        { "reader", "BatchGetItem", "Music", Allow },
        { "reader", "TransactGet", "Music", Allow },
        { "reader", "ListTables", "Music", Allow },
        { "reader", "PutItem", "Music", Deny },
        { "reader", "UpdateItem", "Music", Deny },
        { "reader", "DeleteItem", "Music", Deny },
        { "reader", "BatchWriteItem", "Music", Deny },
        { "reader", "TransactWrite", "Music", Deny },
        { "reader", "DeleteTable", "Music", Deny },
        { "reader", "CreateTable", "Music", Deny },
        { "reader", "GetItem", "Orders", Deny },
        { "reader", "Scan", "Orders", Deny },
        // A writer on Orders, denied deletes there, denied everything on Secrets despite an Allow.
        { "writer", "PutItem", "Orders", Allow },
        { "writer", "GetItem", "Orders", Allow },
        { "writer", "UpdateItem", "Orders", Allow },
        { "writer", "Query", "Orders", Allow },
        { "writer", "BatchWriteItem", "Orders", Allow },
        { "writer", "BatchGetItem", "Orders", Allow },
        { "writer", "TransactWrite", "Orders", Allow },
        { "writer", "GetItem", "Music", Allow },
        { "writer", "DeleteItem", "Orders", Explicit },
        { "writer", "UpdateItemAllNew", "Orders", Explicit },
        { "writer", "PutItem", "Secrets", Explicit },
        { "writer", "GetItem", "Secrets", Explicit },
        { "writer", "DescribeTable", "Secrets", Explicit },
        { "writer", "TransactWrite", "Secrets", Explicit },
        { "writer", "PutItem", "Music", Deny },
        { "writer", "ListTables", "Music", Deny },
        // Full access.
        { "admin", "GetItem", "Secrets", Allow },
        { "admin", "PutItem", "Secrets", Allow },
        { "admin", "DeleteItem", "Orders", Allow },
        { "admin", "UpdateItemAllNew", "Orders", Allow },
        // Attribute-level access: dynamodb:Attributes and dynamodb:Select.
        { "auditor", "GetProjected", "Music", Allow },
        { "auditor", "QueryProjected", "Music", Allow },
        { "auditor", "ScanProjected", "Music", Allow },
        { "auditor", "GetSecretAttribute", "Music", Deny },
        { "auditor", "GetItem", "Music", Deny },
        { "auditor", "Query", "Music", Deny },
        { "auditor", "QueryAllAttributes", "Music", Deny },
        { "auditor", "Scan", "Music", Deny },
        { "auditor", "PutItem", "Music", Deny },
        // Per-user items: dynamodb:LeadingKeys against ${www.amazon.com:user_id}.
        { "alice", "GetOwn", "UserData", Allow },
        { "alice", "PutOwn", "UserData", Allow },
        { "alice", "UpdateOwn", "UserData", Allow },
        { "alice", "QueryOwn", "UserData", Allow },
        { "alice", "BatchWriteOwn", "UserData", Allow },
        { "alice", "DescribeTable", "UserData", Allow },
        { "alice", "GetOther", "UserData", Deny },
        { "alice", "PutOther", "UserData", Deny },
        { "alice", "DeleteOther", "UserData", Deny },
        { "alice", "QueryOther", "UserData", Deny },
        { "alice", "BatchWriteMixed", "UserData", Deny },
        { "alice", "BatchGetMixed", "UserData", Deny },
        { "alice", "Scan", "UserData", Deny },
        { "alice", "GetItem", "Music", Deny },
        { "bob", "GetOwn", "UserData", Allow },
        { "bob", "PutOther", "UserData", Deny },
        { "bob", "QueryOther", "UserData", Deny },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Principal_operation_table(string principal, string op, string table, string expected)
    {
        var operation = Ops[op];
        var client = host.Client(principal);
        if (expected == Allow)
        {
            await operation.Run(client, table, principal);
            return;
        }
        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => operation.Run(client, table, principal));
        Assert.Equal("AccessDeniedException", e.ErrorCode);
        var resource = $"arn:aws:dynamodb:us-east-1:{host.Account}:" + (operation.Resource?.Invoke(table) ?? $"table/{table}");
        var action = "dynamodb:" + operation.Action;
        Assert.Equal(expected == Explicit
                ? $"User: {TestIam.ArnOf(principal)} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy"
                : $"User: {TestIam.ArnOf(principal)} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action",
            e.Message);
    }

    [Fact]
    public async Task A_denied_write_of_another_users_item_does_not_land()
    {
        var alice = host.Client("alice");
        var sk = "intruder-" + Guid.NewGuid();
        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => alice.PutItemAsync("UserData", new() { ["pk"] = new("bob"), ["sk"] = new(sk) }));
        var mine = "mixed-" + Guid.NewGuid();
        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => alice.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>>
        {
            ["UserData"] = [new(new PutRequest(new() { ["pk"] = new("alice"), ["sk"] = new(mine) })), new(new PutRequest(new() { ["pk"] = new("bob"), ["sk"] = new(mine) }))],
        }));
        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => alice.DeleteItemAsync("UserData", Key("bob", "profile")));
        Assert.Null(await host.ReadAsync("UserData", "bob", sk));
        Assert.Null(await host.ReadAsync("UserData", "alice", mine));
        Assert.Null(await host.ReadAsync("UserData", "bob", mine));
        Assert.NotNull(await host.ReadAsync("UserData", "bob", "profile"));
    }

    [Fact]
    public async Task Each_user_reads_and_writes_only_their_own_partition()
    {
        foreach (var user in new[] { "alice", "bob" })
        {
            var client = host.Client(user);
            var sk = "own-" + Guid.NewGuid();
            await client.PutItemAsync("UserData", new() { ["pk"] = new(user), ["sk"] = new(sk), ["v"] = new(user) });
            var query = await client.QueryAsync(new QueryRequest
            {
                TableName = "UserData", KeyConditionExpression = "pk = :p", ExpressionAttributeValues = new() { [":p"] = new(user) }, ConsistentRead = true,
            });
            Assert.All(query.Items, i => Assert.Equal(user, i["pk"].S));
            Assert.Contains(query.Items, i => i["sk"].S == sk);
            await client.DeleteItemAsync("UserData", Key(user, sk));
            Assert.Null(await host.ReadAsync("UserData", user, sk));
        }
    }
}
