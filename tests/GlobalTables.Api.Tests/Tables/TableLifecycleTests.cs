using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Tables;

public sealed class TableLifecycleTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Create_describe_list_update_and_delete_follow_DynamoDBs_status_life_cycle()
    {
        var client = fixture.Client();
        var created = await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "Lifecycle",
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            ProvisionedThroughput = new ProvisionedThroughput(5, 5),
        });
        Assert.Equal(TableStatus.CREATING, created.TableDescription.TableStatus);
        Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/Lifecycle", created.TableDescription.TableArn);
        await ServerFixture.WaitForStatusAsync(client, "Lifecycle", TableStatus.ACTIVE);

        var tables = await client.ListTablesAsync(new ListTablesRequest());
        Assert.Contains("Lifecycle", tables.TableNames);

        var updated = await client.UpdateTableAsync(new UpdateTableRequest { TableName = "Lifecycle", ProvisionedThroughput = new ProvisionedThroughput(10, 7) });
        Assert.Equal(TableStatus.UPDATING, updated.TableDescription.TableStatus);
        Assert.Equal(10, updated.TableDescription.ProvisionedThroughput.ReadCapacityUnits);
        await ServerFixture.WaitForStatusAsync(client, "Lifecycle", TableStatus.ACTIVE);

        var onDemand = await client.UpdateTableAsync(new UpdateTableRequest { TableName = "Lifecycle", BillingMode = BillingMode.PAY_PER_REQUEST });
        Assert.Equal(BillingMode.PAY_PER_REQUEST, onDemand.TableDescription.BillingModeSummary.BillingMode);
        await ServerFixture.WaitForStatusAsync(client, "Lifecycle", TableStatus.ACTIVE);

        await client.PutItemAsync("Lifecycle", new() { ["pk"] = new AttributeValue("a"), ["sk"] = new AttributeValue { N = "1" }, ["x"] = new AttributeValue("hello") });
        var described = await client.DescribeTableAsync("Lifecycle");
        Assert.Equal(1, described.Table.ItemCount);
        // pk "a" = 3, sk 1 = 2 + 2 (one byte per two digits, plus one), x "hello" = 6.
        Assert.Equal(3 + 4 + 6, described.Table.TableSizeBytes);

        var deleted = await client.DeleteTableAsync("Lifecycle");
        Assert.Equal(TableStatus.DELETING, deleted.TableDescription.TableStatus);
        await Eventually.UntilAsync(async () => (await client.ListTablesAsync(new ListTablesRequest())).TableNames?.Contains("Lifecycle") != true,
            "table was not removed", TimeSpan.FromSeconds(20));
        var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.DescribeTableAsync("Lifecycle"));
        Assert.Equal("Requested resource not found: Table: Lifecycle not found", missing.Message);
    }

    [Fact]
    public async Task ReplicaUpdates_that_DynamoDB_refuses_are_refused_in_its_words()
    {
        var client = fixture.Client();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "ReplicaRefusals",
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            BillingMode = BillingMode.PAY_PER_REQUEST,
        });
        await ServerFixture.WaitForStatusAsync(client, "ReplicaRefusals", TableStatus.ACTIVE);
        static ReplicationGroupUpdate Create(string region) => new() { Create = new CreateReplicationGroupMemberAction { RegionName = region } };

        var two = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "ReplicaRefusals", ReplicaUpdates = [Create("eu-west-2"), Create("ap-southeast-1")],
        }));
        Assert.Equal("ValidationException", two.ErrorCode);
        Assert.Equal("Update table operation with more than one create or delete replica actions not allowed", two.Message);

        var combined = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "ReplicaRefusals", ReplicaUpdates = [Create("eu-west-2")], BillingMode = BillingMode.PROVISIONED,
            ProvisionedThroughput = new ProvisionedThroughput(5, 5),
        }));
        Assert.Equal("ValidationException", combined.ErrorCode);
        Assert.Equal("One or more parameter values were invalid: Replica modification must be the only operation in the request", combined.Message);

        var local = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "ReplicaRefusals", ReplicaUpdates = [Create("us-east-1")],
        }));
        Assert.Equal("Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.", local.Message);
    }

    [Fact]
    public async Task A_recreated_table_starts_empty()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "Recreated");
        await client.PutItemAsync("Recreated", new() { ["pk"] = new AttributeValue("old") });
        await client.DeleteTableAsync("Recreated");
        await Eventually.UntilAsync(async () => (await client.ListTablesAsync(new ListTablesRequest())).TableNames?.Contains("Recreated") != true,
            "table was not removed", TimeSpan.FromSeconds(20));
        await ServerFixture.CreateTableAsync(client, "Recreated");
        var get = await client.GetItemAsync("Recreated", new() { ["pk"] = new AttributeValue("old") });
        Assert.False(get.IsItemSet);
    }

    [Fact]
    public async Task ListTables_pages_with_Limit_and_ExclusiveStartTableName()
    {
        var client = fixture.Client();
        foreach (var n in new[] { "page-a", "page-b", "page-c" }) await ServerFixture.CreateTableAsync(client, n);
        var seen = new List<string>();
        string? start = "page-";
        do
        {
            var page = await client.ListTablesAsync(new ListTablesRequest { Limit = 2, ExclusiveStartTableName = start });
            seen.AddRange(page.TableNames.Where(n => n.StartsWith("page-")));
            start = page.LastEvaluatedTableName;
        } while (start is not null && start.StartsWith("page-"));
        Assert.Equal(["page-a", "page-b", "page-c"], seen);
    }

    [Fact]
    public async Task DescribeLimits_and_DescribeEndpoints_answer()
    {
        var client = fixture.Client();
        var limits = await client.DescribeLimitsAsync(new DescribeLimitsRequest());
        Assert.Equal(40000, limits.TableMaxWriteCapacityUnits);
        var endpoints = await client.DescribeEndpointsAsync(new DescribeEndpointsRequest());
        Assert.Equal(fixture.Server.RegionEndpoints["us-east-1"].Authority, endpoints.Endpoints[0].Address);
    }
}
