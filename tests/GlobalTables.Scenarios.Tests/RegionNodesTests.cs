using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// A region of three nodes in this process on one SQLite journal (docs/cluster.md): every node serves the whole region,
/// and a node that stops or dies hands its partitions over without losing an acknowledged write.
/// </summary>
public sealed class RegionNodesTests(ITestOutputHelper output)
{
    const string Table = "Spread";

    [Fact]
    public async Task EveryNodeServesTheWholeRegion()
    {
        await using var cluster = await RegionCluster.StartAsync(3);
        await CreateTableAsync(cluster.Client(0), Table);
        await cluster.WaitActiveAsync(Table);

        // A node that is not the catalog's shows its own change as soon as the catalog has answered.
        await cluster.Client(1).CreateTableAsync(TableRequest("Second"));
        Assert.Contains((await cluster.Client(1).DescribeTableAsync("Second")).Table.TableStatus.Value, new[] { "CREATING", "ACTIVE" });

        await cluster.AwaitShardRegionsAsync();

        for (int k = 0; k < 30; k++)
            await cluster.Client(k % 3).PutItemAsync(Table, Item($"k{k}", $"v{k}"));
        for (int k = 0; k < 30; k++)
            for (int i = 0; i < 3; i++)
            {
                if (i == k % 3) continue;
                var read = await cluster.Client(i).GetItemAsync(new GetItemRequest { TableName = Table, Key = Key($"k{k}"), ConsistentRead = true });
                Assert.Equal($"v{k}", read.Item["v"].S);
            }

        // Sharding spreads the table's partitions over the nodes. A node whose shard region registered late (a loaded
        // machine) may get none at first; the coordinator's rebalance then moves some to it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<int> shards;
        while ((shards = await cluster.ShardsPerNodeAsync()).Any(s => s == 0))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"a node hosts no shard after 60 s: shards per node {string.Join(", ", shards)}");
            await Task.Delay(200);
        }
        output.WriteLine($"shards per node: {string.Join(", ", shards)}");

        // A node that joins later sees every table at once.
        var late = await cluster.AddNodeAsync();
        var tables = (await cluster.Client(late).ListTablesAsync()).TableNames;
        Assert.Equal(["Second", Table], tables.Order(StringComparer.Ordinal));
    }

    [Fact]
    public Task AStoppedNodeHandsItsPartitionsOver() =>
        WritesSurviveLosingAsync("stopped", cluster => cluster.StopAsync(0));

    [Fact]
    public Task ACrashedNodeHandsItsPartitionsOver() =>
        // The node's ActorSystem ends without leaving the cluster, as a killed process does; the others find it
        // unreachable and the split-brain resolver downs it.
        WritesSurviveLosingAsync("crashed", cluster => cluster.Node(0).System.Terminate(),
            node => node == 0 ? "akka.coordinated-shutdown.run-by-actor-system-terminate = off" : null);

    /// <summary>
    /// Writers on the two other nodes write new items while the oldest node (which holds the singletons) is lost; every
    /// acknowledged write is then read back through both survivors. The longest any write waited, from its first try to
    /// its acknowledgement, is how long the lost node's partitions were not served.
    /// </summary>
    async Task WritesSurviveLosingAsync(string how, Func<RegionCluster, Task> lose, Func<int, string?>? configOverrides = null)
    {
        await using var cluster = await RegionCluster.StartAsync(3, configOverrides);
        await CreateTableAsync(cluster.Client(1), Table);
        await cluster.WaitActiveAsync(Table);

        var acked = new ConcurrentBag<(string Key, TimeSpan Issued, TimeSpan Acked)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        // A write held by a node that is gone is tried again after a second, not at the server's ask timeout.
        var clients = new[] { cluster.NewClient(1, TimeSpan.FromSeconds(1)), cluster.NewClient(2, TimeSpan.FromSeconds(1)) };
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var client = clients[w % 2];
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                var key = $"w{w}-{n}";
                var issued = clock.Elapsed;
                // A write whose answer did not come is tried again until it is acknowledged: a put of the same item.
                while (true)
                {
                    try
                    {
                        await client.PutItemAsync(Table, Item(key, key));
                        break;
                    }
                    catch (Exception e) when (e is AmazonServiceException or OperationCanceledException or HttpRequestException or TimeoutException)
                    {
                        if (clock.Elapsed - issued > TimeSpan.FromSeconds(60)) throw;
                    }
                }
                acked.Add((key, issued, clock.Elapsed));
            }
        })).ToList();

        await UntilAsync(() => Task.FromResult(acked.Count >= 200), TimeSpan.FromSeconds(60), () => $"{acked.Count} writes before the loss");
        var lostAt = clock.Elapsed;
        await lose(cluster);
        var lossDone = clock.Elapsed;
        // Writing goes on until every writer has had writes issued after the loss acknowledged.
        await UntilAsync(() => Task.FromResult(acked.Count(a => a.Issued > lossDone + TimeSpan.FromSeconds(1)) >= 300), TimeSpan.FromSeconds(90),
            () => $"{acked.Count(a => a.Issued > lossDone)} writes after the loss");
        stop.Cancel();
        await Task.WhenAll(writers);
        foreach (var client in clients) client.Dispose();

        var before = acked.Where(a => a.Acked < lostAt).Select(a => (a.Acked - a.Issued).TotalMilliseconds).Order().ToList();
        var longest = acked.Where(a => a.Acked >= lostAt).Max(a => a.Acked - a.Issued);
        output.WriteLine($"{how}: the loss took {(lossDone - lostAt).TotalSeconds:0.00} s; longest write across it {longest.TotalSeconds:0.00} s " +
            $"(before it: p99 {before[(int)(before.Count * 0.99)]:0} ms); {acked.Count} writes acknowledged");

        // Every acknowledged write is there, through every survivor.
        using var reads = new SemaphoreSlim(8);
        var missing = new ConcurrentBag<string>();
        await Task.WhenAll(acked.SelectMany(a => new[] { 1, 2 }.Select(async i =>
        {
            await reads.WaitAsync();
            try
            {
                var read = await cluster.Client(i).GetItemAsync(new GetItemRequest { TableName = Table, Key = Key(a.Key), ConsistentRead = true });
                if (read.Item is not { Count: > 0 } item || item["v"].S != a.Key) missing.Add($"{a.Key} through node {i}");
            }
            finally { reads.Release(); }
        })));
        Assert.Empty(missing);
        Assert.True(longest < TimeSpan.FromSeconds(30), $"the lost node's partitions were unserved for {longest.TotalSeconds:0.0} s");
    }

    static CreateTableRequest TableRequest(string name) => new()
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
    };

    static Task CreateTableAsync(AmazonDynamoDBClient client, string name) => client.CreateTableAsync(TableRequest(name));

    static Dictionary<string, AttributeValue> Key(string pk) => new() { ["pk"] = new AttributeValue(pk) };

    static Dictionary<string, AttributeValue> Item(string pk, string v) => new() { ["pk"] = new AttributeValue(pk), ["v"] = new AttributeValue(v) };
}
