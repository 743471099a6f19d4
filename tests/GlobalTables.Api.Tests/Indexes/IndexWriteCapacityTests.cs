using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Indexes;

/// <summary>
/// ReturnConsumedCapacity on writes to a table with secondary indexes, through the real SDK: INDEXES gives the table's
/// part and each charged index's, and TOTAL counts the indexes too. The table (customer, order) has the GSI ByStatus
/// (status) INCLUDE note, the GSI ByCity (city) KEYS_ONLY and the LSI ByTotal (customer, total) KEYS_ONLY.
/// </summary>
public sealed class IndexWriteCapacityTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    static Dictionary<string, AttributeValue> Key(string customer, long order) => new() { ["customer"] = S(customer), ["order"] = N(order) };

    static Dictionary<string, AttributeValue> Order(string customer, long order) => new(Key(customer, order))
    {
        ["status"] = S("OPEN"), ["city"] = S("Paris"), ["total"] = N(5), ["note"] = S("n"), ["secret"] = S("s"),
    };

    async Task<AmazonDynamoDBClient> TableAsync(string name)
    {
        var client = fixture.Client();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new("customer", ScalarAttributeType.S), new("order", ScalarAttributeType.N), new("status", ScalarAttributeType.S),
                new("city", ScalarAttributeType.S), new("total", ScalarAttributeType.N),
            ],
            KeySchema = [new("customer", KeyType.HASH), new("order", KeyType.RANGE)],
            GlobalSecondaryIndexes =
            [
                new() { IndexName = "ByStatus", KeySchema = [new("status", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.INCLUDE, NonKeyAttributes = ["note"] } },
                new() { IndexName = "ByCity", KeySchema = [new("city", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } },
            ],
            LocalSecondaryIndexes =
            [
                new() { IndexName = "ByTotal", KeySchema = [new("customer", KeyType.HASH), new("total", KeyType.RANGE)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } },
            ],
        });
        await ServerFixture.WaitForStatusAsync(client, name, TableStatus.ACTIVE);
        return client;
    }

    /// <summary>The consumed capacity as "total table index=units...": each index charged, GSIs then LSIs, by name.</summary>
    static string Parts(ConsumedCapacity c)
    {
        Assert.Equal(c.CapacityUnits, c.WriteCapacityUnits);
        Assert.Equal(c.Table.CapacityUnits, c.Table.WriteCapacityUnits);
        var indexes = (c.GlobalSecondaryIndexes ?? []).OrderBy(i => i.Key).Concat((c.LocalSecondaryIndexes ?? []).OrderBy(i => i.Key))
            .Select(i =>
            {
                Assert.Equal(i.Value.CapacityUnits, i.Value.WriteCapacityUnits);
                return FormattableString.Invariant($" {i.Key}={i.Value.CapacityUnits}");
            });
        return FormattableString.Invariant($"{c.CapacityUnits} {c.Table.CapacityUnits}{string.Concat(indexes)}");
    }

    Task<UpdateItemResponse> UpdateAsync(IAmazonDynamoDB client, string table, string expression, Dictionary<string, AttributeValue>? values = null) =>
        client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Key("c1", 1), UpdateExpression = expression, ExpressionAttributeValues = values,
            ExpressionAttributeNames = expression.Contains("#s") ? new() { ["#s"] = "status" } : null,
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        });

    [Fact]
    public async Task Each_write_charges_the_indexes_whose_entries_it_puts_moves_changes_or_deletes()
    {
        const string table = "CapSingle";
        var client = await TableAsync(table);

        var put = await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Order("c1", 1), ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        Assert.Equal(table, put.ConsumedCapacity.TableName);
        Assert.Equal("4 1 ByCity=1 ByStatus=1 ByTotal=1", Parts(put.ConsumedCapacity));

        // No index projects secret: the table alone pays.
        var unprojected = await UpdateAsync(client, table, "SET secret = :v", new() { [":v"] = S("t") });
        Assert.Equal("1 1", Parts(unprojected.ConsumedCapacity));

        // A new status moves the ByStatus entry: a delete and a put.
        var moved = await UpdateAsync(client, table, "SET #s = :v", new() { [":v"] = S("SHIPPED") });
        Assert.Equal("3 1 ByStatus=2", Parts(moved.ConsumedCapacity));

        // A note of 1,500 bytes makes the item and the ByStatus entry two KB each; the keys-only indexes do not hold it.
        var grown = await UpdateAsync(client, table, "SET note = :v", new() { [":v"] = S(new string('n', 1500)) });
        Assert.Equal("4 2 ByStatus=2", Parts(grown.ConsumedCapacity));

        var leftCity = await UpdateAsync(client, table, "REMOVE city");
        Assert.Equal("3 2 ByCity=1", Parts(leftCity.ConsumedCapacity));

        var deleted = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Key("c1", 1), ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        Assert.Equal("5 2 ByStatus=2 ByTotal=1", Parts(deleted.ConsumedCapacity));

        // Deleting what is not there writes nothing anywhere but costs the table its minimum.
        var absent = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = Key("c1", 1), ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES });
        Assert.Equal("1 1", Parts(absent.ConsumedCapacity));
    }

    [Fact]
    public async Task TOTAL_counts_the_index_units_without_breaking_them_down()
    {
        const string table = "CapTotal";
        var client = await TableAsync(table);
        var put = await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Order("c1", 1), ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL });
        Assert.Equal(4, put.ConsumedCapacity.CapacityUnits);
        Assert.Equal(4, put.ConsumedCapacity.WriteCapacityUnits);
        Assert.Null(put.ConsumedCapacity.Table);
        Assert.True(put.ConsumedCapacity.GlobalSecondaryIndexes is null or { Count: 0 });

        var none = await client.PutItemAsync(new PutItemRequest { TableName = table, Item = Order("c1", 2), ReturnConsumedCapacity = ReturnConsumedCapacity.NONE });
        Assert.Null(none.ConsumedCapacity);
    }

    [Fact]
    public async Task A_batch_sums_each_tables_writes_per_index()
    {
        const string table = "CapBatch";
        var client = await TableAsync(table);
        await client.PutItemAsync(table, Order("c3", 3));
        var statusOnly = new Dictionary<string, AttributeValue>(Key("c2", 2)) { ["status"] = S("OPEN") };

        var written = await client.BatchWriteItemAsync(new BatchWriteItemRequest
        {
            RequestItems = new()
            {
                [table] =
                [
                    new(new PutRequest(Order("c1", 1))),
                    new(new PutRequest(statusOnly)),
                    new(new DeleteRequest(Key("c3", 3))),
                ],
            },
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        });
        var capacity = Assert.Single(written.ConsumedCapacity);
        Assert.Equal(table, capacity.TableName);
        Assert.Equal("10 3 ByCity=2 ByStatus=3 ByTotal=2", Parts(capacity));
    }

    [Fact]
    public async Task A_transaction_doubles_its_index_writes_with_its_table_writes()
    {
        const string table = "CapTransact";
        var client = await TableAsync(table);
        await client.PutItemAsync(table, Order("c2", 2));

        var written = await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new Put { TableName = table, Item = Order("c1", 1) } },
                new()
                {
                    Update = new Update
                    {
                        TableName = table, Key = Key("c2", 2), UpdateExpression = "SET #s = :v",
                        ExpressionAttributeNames = new() { ["#s"] = "status" }, ExpressionAttributeValues = new() { [":v"] = S("SHIPPED") },
                    },
                },
                new() { ConditionCheck = new ConditionCheck { TableName = table, Key = Key("c3", 3), ConditionExpression = "attribute_not_exists(city)" } },
            ],
            ReturnConsumedCapacity = ReturnConsumedCapacity.INDEXES,
        });
        var capacity = Assert.Single(written.ConsumedCapacity);
        // The table: 2 for the put, 2 for the update, 2 for the check; ByStatus: 2 for the new entry, 4 for the moved one.
        Assert.Equal("16 6 ByCity=2 ByStatus=6 ByTotal=2", Parts(capacity));
    }
}
