using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests;
using GlobalTables.Testing;

namespace GlobalTables.Streams.Tests;

/// <summary>
/// A table with a GSI and a stream (docs/indexes.md): batches and transactions keep the index consistent with the
/// table, a new index's backfill and its maintenance add no stream record, and the stream holds one record per item
/// change, as without the index.
/// </summary>
public sealed class IndexedTableStreamTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);

    static async Task<List<string>> ByTeamAsync(IAmazonDynamoDB client, string team) =>
        (await client.QueryAsync(new QueryRequest
        {
            TableName = "players", IndexName = "ByTeam", KeyConditionExpression = "team = :t", ExpressionAttributeValues = new() { [":t"] = S(team) },
        })).Items.Select(i => i["pk"].S).Order().ToList();

    [Fact]
    public async Task Batches_and_transactions_keep_the_index_and_index_work_adds_no_stream_record()
    {
        var client = fixture.Client();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "players", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("team", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            GlobalSecondaryIndexes = [new() { IndexName = "ByTeam", KeySchema = [new("team", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } }],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        });
        await ServerFixture.WaitForStatusAsync(client, "players", TableStatus.ACTIVE);

        // 3 records: a batch of three puts.
        await client.BatchWriteItemAsync(new BatchWriteItemRequest(new Dictionary<string, List<WriteRequest>>
        {
            ["players"] = [.. new[] { "ann", "bob", "cid" }.Select(p => new WriteRequest(new PutRequest(new() { ["pk"] = S(p), ["team"] = S("red") })))],
        }));
        Assert.Equal(["ann", "bob", "cid"], await ByTeamAsync(client, "red"));

        // 3 records: a transaction moves bob, deletes cid and adds dee.
        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Update = new Update { TableName = "players", Key = new() { ["pk"] = S("bob") }, UpdateExpression = "SET team = :b", ExpressionAttributeValues = new() { [":b"] = S("blue") } } },
                new() { Delete = new Delete { TableName = "players", Key = new() { ["pk"] = S("cid") } } },
                new() { Put = new Put { TableName = "players", Item = new() { ["pk"] = S("dee"), ["team"] = S("blue") } } },
            ],
        });
        Assert.Equal(["ann"], await ByTeamAsync(client, "red"));
        Assert.Equal(["bob", "dee"], await ByTeamAsync(client, "blue"));

        // No record: a cancelled transaction changes neither the table nor the index.
        await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems =
            [
                new() { Put = new Put { TableName = "players", Item = new() { ["pk"] = S("ann"), ["team"] = S("green") } } },
                new() { ConditionCheck = new ConditionCheck { TableName = "players", Key = new() { ["pk"] = S("bob") }, ConditionExpression = "attribute_not_exists(pk)" } },
            ],
        }));
        Assert.Equal(["ann"], await ByTeamAsync(client, "red"));
        Assert.Empty(await ByTeamAsync(client, "green"));

        // No record: a second index created and built over the table.
        await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "players", AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("alias", ScalarAttributeType.S)],
            GlobalSecondaryIndexUpdates =
            [
                new() { Create = new CreateGlobalSecondaryIndexAction { IndexName = "ByAlias", KeySchema = [new("alias", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } } },
            ],
        });
        await Eventually.UntilAsync(async () => (await client.DescribeTableAsync("players")).Table.GlobalSecondaryIndexes.All(i => i.IndexStatus == IndexStatus.ACTIVE),
            "ByAlias never became ACTIVE", TimeSpan.FromSeconds(30));

        var records = await StreamReading.ReadAllAsync(fixture.StreamsClient(), await StreamReading.StreamArnAsync(client, "players"));
        Assert.Equal(6, records.Count);
        Assert.Equal(["INSERT", "INSERT", "INSERT", "INSERT", "MODIFY", "REMOVE"], records.Select(r => r.EventName.Value).Order());
    }
}
