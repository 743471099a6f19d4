using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// Issue 17: adding a replica, as a script sees it through DescribeTable in both regions. The fill is slowed (chunks of
/// about 1 KiB, one at a time) so that it lasts seconds and every state of it can be seen.
/// </summary>
public sealed class ReplicaCreationTests(ITestOutputHelper output)
{
    const int Items = 2_000;

    const string SlowFill = """
        globaltables.replication.chunk-bytes = 1k
        globaltables.replication.snapshot-chunks-in-flight = 1
        """;

    [Fact]
    public async Task A_new_replica_is_described_at_once_fills_with_rising_progress_and_turns_active_after_its_source()
    {
        await using var host = await StartAsync([Us, Eu, Ap], simulateLatency: false, configOverrides: SlowFill);
        const string table = "orders";
        await host.CreateTableAsync(Us, table);
        await LoadAsync(host.Client(Us), table);

        await AddReplicaAsync(host, Us, table, Eu);
        // Straight after UpdateTable, the new region describes the table, CREATING, with its key schema.
        var described = (await host.Client(Eu).DescribeTableAsync(table)).Table;
        Assert.Equal(TableStatus.CREATING, described.TableStatus);
        Assert.Equal("pk", Assert.Single(described.KeySchema).AttributeName);
        Assert.Equal(KeyType.HASH, described.KeySchema[0].KeyType);

        // The source is UPDATING until the replica is filled: another change is refused in DynamoDB's words.
        string inUse = $"Attempt to change a resource which is still in use: Table is being updated: {table}";
        var refused = await Assert.ThrowsAsync<ResourceInUseException>(() => AddReplicaAsync(host, Us, table, Ap));
        Assert.Equal(inUse, refused.Message);
        refused = await Assert.ThrowsAsync<ResourceInUseException>(() => host.Client(Us).UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PROVISIONED,
            ProvisionedThroughput = new ProvisionedThroughput(5, 5),
        }));
        Assert.Equal(inUse, refused.Message);

        var progress = await WatchUntilActiveAsync(host, table, Us, Eu);
        output.WriteLine($"progress seen in {Us}: [{string.Join(",", progress)}]");
        Assert.Contains(progress, p => p is > 0 and < 100);
        Assert.All(progress, p => Assert.InRange(p, 0, 99));
        for (int i = 1; i < progress.Count; i++)
            Assert.True(progress[i] >= progress[i - 1], $"progress fell from {progress[i - 1]} to {progress[i]}: [{string.Join(",", progress)}]");

        // A script that waited for the new region's ACTIVE adds the next replica at once.
        await AddReplicaAsync(host, Us, table, Ap);
        var (ap, source) = await host.DescribeReplicaAsync(Us, table, Ap);
        Assert.Equal(ReplicaStatus.CREATING, ap?.ReplicaStatus);
        Assert.Equal(TableStatus.UPDATING, source?.TableStatus);
    }

    [Fact]
    public async Task Replicas_of_an_empty_table_can_be_added_one_after_another_as_soon_as_each_is_active()
    {
        await using var host = await StartAsync([Us, Eu, Ap], simulateLatency: false, configOverrides: SlowFill);
        const string table = "empty";
        await host.CreateTableAsync(Us, table);

        await AddReplicaAsync(host, Us, table, Eu);
        Assert.NotEqual(TableStatus.DELETING, (await host.Client(Eu).DescribeTableAsync(table)).Table.TableStatus);
        await WatchUntilActiveAsync(host, table, Us, Eu);

        // Through the replica added last, this time: it is ACTIVE, and so is every peer by then.
        await AddReplicaAsync(host, Eu, table, Ap);
        await WatchUntilActiveAsync(host, table, Eu, Ap);
        foreach (var region in new[] { Us, Eu, Ap })
        {
            var d = (await host.Client(region).DescribeTableAsync(table)).Table;
            Assert.Equal(TableStatus.ACTIVE, d.TableStatus);
            Assert.Equal(new[] { Ap, Eu, Us }, d.Replicas.Where(r => r.ReplicaStatus == ReplicaStatus.ACTIVE).Select(r => r.RegionName).Order(StringComparer.Ordinal));
        }
    }

    static Task<UpdateTableResponse> AddReplicaAsync(ScenarioHost host, string via, string table, string region) =>
        host.Client(via).UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = region } }],
        });

    /// <summary>
    /// Polls the new region, then the source, until the new region's table is ACTIVE. The new region never turns ACTIVE
    /// before its source has left UPDATING, so a source read after an ACTIVE read of the new region is never UPDATING.
    /// Returns the ReplicaStatusPercentProgress the source showed for the new replica, in the order seen.
    /// </summary>
    async Task<List<int>> WatchUntilActiveAsync(ScenarioHost host, string table, string source, string added)
    {
        var progress = new List<int>();
        string state = "";
        await UntilAsync(async () =>
        {
            var (_, addedTable) = await host.DescribeReplicaAsync(added, table, added);
            var (seenBySource, sourceTable) = await host.DescribeReplicaAsync(source, table, added);
            Assert.NotNull(addedTable); // Never ResourceNotFoundException once UpdateTable has answered.
            state = $"{added} is {addedTable.TableStatus}; {source} is {sourceTable?.TableStatus} and sees {added} {seenBySource?.ReplicaStatus} {seenBySource?.ReplicaStatusPercentProgress}";
            if (addedTable.TableStatus == TableStatus.ACTIVE)
            {
                Assert.True(sourceTable?.TableStatus == TableStatus.ACTIVE, $"the new replica was ACTIVE before its source: {state}");
                Assert.True(seenBySource?.ReplicaStatus == ReplicaStatus.ACTIVE, $"the source did not hold the replica ACTIVE: {state}");
                return true;
            }
            if (seenBySource?.ReplicaStatus == ReplicaStatus.CREATING && int.TryParse(seenBySource.ReplicaStatusPercentProgress, out var p)
                && (progress.Count == 0 || progress[^1] != p))
                progress.Add(p);
            return false;
        }, TimeSpan.FromSeconds(90), () => state, pollMs: 10);
        output.WriteLine($"{added} ACTIVE: {state}");
        return progress;
    }

    /// <summary>BatchWriteItem, 25 items a request, 4 requests in flight.</summary>
    static async Task LoadAsync(AmazonDynamoDBClient client, string table)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, Items / 25), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, ct) =>
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [table] = Enumerable.Range(batch * 25, 25).Select(i => new WriteRequest(new PutRequest(new Dictionary<string, AttributeValue>
                {
                    ["pk"] = new() { S = $"item-{i}" },
                    ["pad"] = new() { S = new string('x', 64) },
                }))).ToList(),
            };
            for (int attempt = 0; pending.Count > 0 && pending[table].Count > 0; attempt++)
            {
                Assert.True(attempt < 20, "BatchWriteItem kept returning UnprocessedItems");
                pending = (await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, ct)).UnprocessedItems ?? [];
            }
        });
    }
}
