using GlobalTables.Region.Configuration;
using GlobalTables.Testing;
using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>Issue 4: replicas added to a loaded table while a writer keeps writing end identical, Version and Context included.</summary>
public sealed class LiveReplicaAddTests(ITestOutputHelper output, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    const int Items = 20_000;

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Replicas_added_under_writes_converge_item_for_item(StoreKind store)
    {
        await using var host = await StartOnAsync(store, postgres, [Us, Eu, Ap], false);
        const string table = "live";
        await host.CreateTableAsync(Us, table);
        var us = host.Client(Us);

        // Load with BatchWriteItem: 25 items a request, 8 requests in flight.
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Items / 25), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            var requests = Enumerable.Range(batch * 25, 25).Select(i => new WriteRequest(new PutRequest(new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = $"item-{i}" },
                ["n"] = new() { N = "0" },
                ["pad"] = new() { S = new string('x', 64) },
            }))).ToList();
            var pending = new Dictionary<string, List<WriteRequest>> { [table] = requests };
            for (int attempt = 0; pending.Count > 0 && pending[table].Count > 0; attempt++)
            {
                Assert.True(attempt < 20, "BatchWriteItem kept returning UnprocessedItems");
                var response = await us.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, ct);
                pending = response.UnprocessedItems ?? [];
            }
        });
        var loadTime = clock.Elapsed;
        output.WriteLine($"loaded {Items} items in {loadTime.TotalSeconds:0.0} s ({Items / loadTime.TotalSeconds:0} items/s)");

        // A writer that keeps updating random items in us-east-1 while the replicas are added.
        using var stop = new CancellationTokenSource();
        long written = 0, failed = 0;
        var writer = Task.Run(async () =>
        {
            var rng = new Random(4);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await us.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = table,
                        Key = new() { ["pk"] = new() { S = $"item-{rng.Next(Items)}" } },
                        UpdateExpression = "ADD n :one",
                        ExpressionAttributeValues = new() { [":one"] = new() { N = "1" } },
                    });
                    Interlocked.Increment(ref written);
                }
                catch (Exception e) when (e is AmazonDynamoDBException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });

        clock.Restart();
        var euProgress = await host.AddReplicaAsync(Us, table, Eu);
        var euTime = clock.Elapsed;
        clock.Restart();
        var apProgress = await host.AddReplicaAsync(Us, table, Ap);
        var apTime = clock.Elapsed;
        await stop.CancelAsync();
        await writer;
        output.WriteLine($"eu-west-2 ACTIVE after {euTime.TotalSeconds:0.0} s, progress seen [{string.Join(",", euProgress.Distinct())}]");
        output.WriteLine($"ap-southeast-1 ACTIVE after {apTime.TotalSeconds:0.0} s, progress seen [{string.Join(",", apProgress.Distinct())}]");
        output.WriteLine($"writer: {written} updates acknowledged, {failed} failed");

        Assert.True(written > 0, "the writer made no update while the replicas were added");
        Assert.True(euProgress.Count > 0, "eu-west-2 never reported ReplicaStatusPercentProgress while CREATING");
        Assert.True(euProgress.Max() > euProgress.Min(), $"eu-west-2's progress did not rise: [{string.Join(",", euProgress.Distinct())}]");
        // A replica still CREATING is not done: 100 comes only with ACTIVE.
        Assert.All(euProgress.Concat(apProgress), p => Assert.InRange(p, 0, 99));

        clock.Restart();
        var dumps = await host.WaitConvergedAsync(table, [Us, Eu, Ap], TimeSpan.FromSeconds(40));
        output.WriteLine($"converged {clock.Elapsed.TotalSeconds:0.0} s after the writer stopped");

        var reference = dumps[Us];
        Assert.Equal(Items, reference.Count);
        Assert.All(reference.Values, item => Assert.NotNull(item.Image));
        foreach (var region in new[] { Eu, Ap })
        {
            var replica = dumps[region];
            Assert.Equal(reference.Count, replica.Count);
            foreach (var (key, item) in reference)
            {
                Assert.True(replica.TryGetValue(key, out var copy), $"{key.PartitionKey} is missing in {region}");
                Assert.True(item.Version == copy!.Version, $"{key.PartitionKey}: {item.Version} in us-east-1, {copy.Version} in {region}");
                Assert.True(item.Context.Equals(copy.Context), $"{key.PartitionKey}: {item.Context} in us-east-1, {copy.Context} in {region}");
                Assert.Equal(Image(item.Image), Image(copy.Image));
            }
        }
        // A replicated copy keeps the origin's Version: every item was last written in us-east-1.
        Assert.All(reference.Values, item => Assert.Equal(Us, item.Version.Region));
        foreach (var region in new[] { Us, Eu, Ap })
            Assert.Empty(await host.Node(region).LostUpdatesAsync(table));
    }
}
