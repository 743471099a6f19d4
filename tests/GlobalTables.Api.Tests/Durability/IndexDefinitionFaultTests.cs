using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Model.Partitions;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>
/// A new GSI whose definition the partitions' journal fails or refuses (docs/indexes.md): the index stays CREATING and
/// unreadable, the table keeps serving, the catalog asks again, and once the journal heals the index is backfilled
/// whole and ACTIVE. Each test has a region of its own.
/// </summary>
public sealed class IndexDefinitionFaultTests : IAsyncLifetime
{
    readonly FaultyJournalHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    static AttributeValue S(string s) => new(s);

    /// <summary>DescribeTable counts items in every partition, and a partition its journal failed answers 500 until it is back.</summary>
    static async Task<string?> StatusAsync(IAmazonDynamoDB client) =>
        (await FaultyJournalHost.EventuallyAsync(() => client.DescribeTableAsync("Faulted"))).Table.GlobalSecondaryIndexes?.SingleOrDefault()?.IndexStatus;

    async Task<AmazonDynamoDBClient> CreateIndexUnderAsync(Func<JournalFault> add)
    {
        var client = _host.Client();
        await ServerFixture.CreateTableAsync(client, "Faulted", "pk");
        for (int i = 0; i < 50; i++) await client.PutItemAsync("Faulted", new() { ["pk"] = S($"k{i}"), ["g"] = S(i % 2 == 0 ? "even" : "odd") });
        add();
        await client.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "Faulted", AttributeDefinitions = [new("g", ScalarAttributeType.S)],
            GlobalSecondaryIndexUpdates =
            [
                new() { Create = new CreateGlobalSecondaryIndexAction { IndexName = "ByG", KeySchema = [new("g", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } } },
            ],
        });
        return client;
    }

    async Task UntilActiveAsync(IAmazonDynamoDB client)
    {
        await Eventually.UntilAsync(async () => await StatusAsync(client) == IndexStatus.ACTIVE, "ByG never became ACTIVE", TimeSpan.FromSeconds(30));
    }

    async Task<IEnumerable<string>> EvenAsync(IAmazonDynamoDB client) => (await client.QueryAsync(new QueryRequest
    {
        TableName = "Faulted", IndexName = "ByG", KeyConditionExpression = "g = :g", ExpressionAttributeValues = new() { [":g"] = S("even") },
    })).Items.Select(i => i["pk"].S).Order(StringComparer.Ordinal);

    [Fact]
    public async Task A_failed_index_definition_restarts_the_partitions_and_the_catalog_asks_again()
    {
        // Each partition's first definition fails, unstored: Akka stops it, and it comes back from its journal.
        JournalFault fault = null!;
        var client = await CreateIndexUnderAsync(add: () => fault = _host.Faults.Add(w => w.Payload is IndexesDefined, JournalFaultKind.Fail, times: 16));
        await UntilActiveAsync(client);
        Assert.Equal(16, fault.Matched);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"k{i * 2}").Order(StringComparer.Ordinal), await EvenAsync(client));
    }

    [Fact]
    public async Task A_refused_index_definition_leaves_the_index_CREATING_and_unreadable_until_the_journal_heals()
    {
        JournalFault fault = null!;
        var client = await CreateIndexUnderAsync(add: () => fault = _host.Faults.Add(w => w.Payload is IndexesDefined, JournalFaultKind.Reject));

        // The catalog asks again after a refusal: more definitions reach the journal than the 16 partitions.
        await Eventually.ReadAsync(() => Task.FromResult(fault.Matched), matched => matched > 16, matched => $"the definition reached the journal {matched} times",
            TimeSpan.FromSeconds(20));
        Assert.Equal(IndexStatus.CREATING, await StatusAsync(client));
        var unreadable = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.QueryAsync(new QueryRequest
        {
            TableName = "Faulted", IndexName = "ByG", KeyConditionExpression = "g = :g", ExpressionAttributeValues = new() { [":g"] = S("even") },
        }));
        Assert.Equal("ValidationException", unreadable.ErrorCode);
        Assert.Equal("Cannot read from backfilling global secondary index: ByG", unreadable.Message);
        // The table serves on.
        await FaultyJournalHost.EventuallyAsync(() => client.PutItemAsync("Faulted", new() { ["pk"] = S("late"), ["g"] = S("even") }));

        _host.Faults.Heal();
        await UntilActiveAsync(client);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"k{i * 2}").Append("late").Order(StringComparer.Ordinal), await EvenAsync(client));
    }
}
