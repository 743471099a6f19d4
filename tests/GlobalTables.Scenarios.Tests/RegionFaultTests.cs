using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Region.Configuration;
using GlobalTables.Testing;
using Xunit.Abstractions;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// fail, recover, isolate and heal on a running host, each ending in a convergence check; and failover through the front door.
/// Each runs on both stores: SQLite files, and one PostgreSQL database the regions share, each in its own schema.
/// </summary>
public sealed class RegionFaultTests(ITestOutputHelper output, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    static Dictionary<string, AttributeValue> Item(string pk, string value) => new() { ["pk"] = new(pk), ["v"] = new(value) };

    async Task<ScenarioHost> GlobalTableAsync(StoreKind store, string table, FrontDoorRouting? routing = null)
    {
        var host = await StartOnAsync(store, postgres, [Us, Eu], simulateLatency: false, routing);
        await host.CreateTableAsync(Us, table);
        await host.AddReplicaAsync(Us, table, Eu);
        return host;
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task An_isolated_region_keeps_serving_locally_and_converges_with_logged_losers_after_heal(StoreKind store)
    {
        await using var host = await GlobalTableAsync(store, "isolated");
        await host.PostAsync($"/_admin/regions/{Eu}/isolate");
        using (var regions = await host.GetJsonAsync("/_admin/regions"))
            Assert.Equal("isolated", regions.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == Eu).GetProperty("state").GetString());

        for (int i = 0; i < 20; i++)
        {
            await host.Client(Us).PutItemAsync("isolated", Item($"k{i}", "us"));
            await host.Client(Eu).PutItemAsync("isolated", Item($"k{i}", "eu"));
        }
        // Both sides took every write and neither has the other's.
        var us = await host.DumpAsync(Us, "isolated");
        var eu = await host.DumpAsync(Eu, "isolated");
        Assert.All(us.Values, i => Assert.Equal("us", i.Image!["v"].S));
        Assert.All(eu.Values, i => Assert.Equal("eu", i.Image!["v"].S));

        await host.PostAsync($"/_admin/regions/{Eu}/heal");
        var converged = await host.WaitConvergedAsync("isolated", [Us, Eu], TimeSpan.FromSeconds(60));
        Assert.Equal(20, converged[Us].Count);
        // Every key had two concurrent writes: one won everywhere and one is logged as lost.
        var lost = GlobalTables.Model.Replication.LostUpdateView.Effective(
            (await host.Node(Us).LostUpdatesAsync("isolated")).Concat(await host.Node(Eu).LostUpdatesAsync("isolated")));
        Assert.Equal(20, lost.Count);
        foreach (var l in lost)
            Assert.NotEqual(l.Winner.Image!["v"].S, l.Loser.Image!["v"].S);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Writes_the_backstop_delivers_after_a_heal_count_in_the_replication_lag(StoreKind store)
    {
        await using var host = await GlobalTableAsync(store, "lagged");
        await host.PostAsync($"/_admin/regions/{Eu}/isolate");
        for (int i = 0; i < 30; i++) await host.Client(Us).PutItemAsync("lagged", Item($"k{i}", "us"));
        var lastWrite = DateTimeOffset.UtcNow;
        // Every push failed, so the link counts the 30 writes as its backlog, and none of them in its lag yet.
        await UntilAsync(async () => (await Link()).Latency.Backlog >= 30, TimeSpan.FromSeconds(30), () => "backlog below 30");
        Assert.Equal(0, (await Link()).Latency.Samples);
        // The link says why it does not deliver, and so does /_admin/regions.
        await UntilAsync(async () => (await Link()).Down is not null, TimeSpan.FromSeconds(10), () => "the link not down");
        // The peer's refusal, and the step that failed: the backstop's read and send, or its connect.
        Assert.Matches($"^{Eu} is isolated \\(while (reading the journal and sending|connecting)\\)$", (await Link()).Down!.Reason);
        using (var regions = await host.GetJsonAsync("/_admin/regions"))
        {
            var usLink = regions.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == Us).GetProperty("links").EnumerateArray().Single();
            Assert.Equal("cut", usLink.GetProperty("state").GetString());
            Assert.StartsWith($"{Eu} is isolated (while ", usLink.GetProperty("downReason").GetString());
        }

        await host.PostAsync($"/_admin/regions/{Eu}/heal");
        var healedAt = DateTimeOffset.UtcNow;
        var converged = await host.WaitConvergedAsync("lagged", [Us, Eu], TimeSpan.FromSeconds(60));
        Assert.Equal(30, converged[Eu].Count);
        await host.WaitReplicationIdleAsync(TimeSpan.FromSeconds(30));
        await UntilAsync(async () => (await Link()).Down is null, TimeSpan.FromSeconds(10), () => "the link still down after the heal");

        // The journal reader delivered them: each counts, from its write's stamp to its apply after the heal.
        var latency = (await Link()).Latency;
        output.WriteLine($"samples {latency.Samples}, p50 {latency.P50Ms} ms, p99 {latency.P99Ms} ms, waited at least {(healedAt - lastWrite).TotalMilliseconds:0} ms");
        Assert.True(latency.Samples >= 30, $"{latency.Samples} samples for 30 writes");
        Assert.True(latency.P50Ms >= (healedAt - lastWrite).TotalMilliseconds, $"p50 {latency.P50Ms} ms is below the {(healedAt - lastWrite).TotalMilliseconds} ms the writes waited");

        async Task<Region.Replication.ReplicationHub.LinkMetrics> Link() =>
            (await host.Node(Us).ReplicationMetricsAsync()).Single(l => l.Destination == Eu && l.Table == "lagged");
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_failed_region_refuses_requests_and_receives_every_queued_write_after_recover(StoreKind store)
    {
        await using var host = await GlobalTableAsync(store, "failing");
        await host.Client(Us).PutItemAsync("failing", Item("before", "1"));
        await host.WaitConvergedAsync("failing", [Us, Eu], TimeSpan.FromSeconds(30));

        await host.Server.FailAsync(Eu);
        using var viaDoor = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            new AmazonDynamoDBConfig { ServiceURL = host.Server.FrontDoorEndpoint.ToString(), AuthenticationRegion = Eu, MaxErrorRetry = 0 });
        var refused = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => viaDoor.GetItemAsync("failing", new() { ["pk"] = new("before") }));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("The region eu-west-2 is unavailable", refused.Message);
        using (var regions = await host.GetJsonAsync("/_admin/regions"))
        {
            var usLinks = regions.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == Us).GetProperty("links");
            Assert.Equal("unreachable", usLinks.EnumerateArray().Single().GetProperty("state").GetString());
        }

        for (int i = 0; i < 50; i++) await host.Client(Us).PutItemAsync("failing", Item($"during-{i}", "x"));
        await host.Client(Us).DeleteItemAsync("failing", new() { ["pk"] = new("before") });
        using (var regions = await host.GetJsonAsync("/_admin/regions"))
        {
            // The backlog counts this table's writes the peer lacks: the 51 above, and at most the first write,
            // which a push delivered before the backstop's offset had passed it.
            var usLink = regions.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == Us).GetProperty("links").EnumerateArray().Single();
            Assert.InRange(usLink.GetProperty("backlog").GetInt64(), 51, 52);
        }

        var watch = Stopwatch.StartNew();
        await host.Server.RecoverAsync(Eu);
        var converged = await host.WaitConvergedAsync("failing", [Us, Eu], TimeSpan.FromSeconds(60));
        output.WriteLine($"caught up {watch.ElapsedMilliseconds} ms after recover");
        Assert.Equal(50, converged[Eu].Values.Count(i => i.Image is not null));
        Assert.Null(converged[Eu].Values.Single(i => i.Image is null).Image);
        // And the recovered region takes writes that reach the other one.
        await host.Client(Eu).PutItemAsync("failing", Item("after", "eu"));
        await host.WaitConvergedAsync("failing", [Us, Eu], TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Polls until the region's change feed shows a local write of the key: the feed is filled by the replication
    /// hub after the write is acknowledged, so it can trail the client's answer by a moment.
    /// </summary>
    static Task WrittenLocallyAsync(ScenarioHost host, string region, string key) => UntilAsync(
        () => Task.FromResult(host.Node(region).Feed.Since(0).Entries.Any(e => e.Key.Contains(key) && e.Outcome == "local")),
        TimeSpan.FromSeconds(10), () => $"{region}'s feed shows no local write of {key}");

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Failover_routing_moves_requests_to_the_next_region_within_the_bound_and_back_after_recover(StoreKind store)
    {
        var routing = new FrontDoorRouting { Tables = new() { ["orders"] = [Eu, Us] }, HealthCheckIntervalMs = 250 };
        await using var host = await GlobalTableAsync(store, "orders", routing);
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            new AmazonDynamoDBConfig { ServiceURL = host.Server.FrontDoorEndpoint.ToString(), AuthenticationRegion = Us, MaxErrorRetry = 0 });

        await client.PutItemAsync("orders", Item("o-1", "first"));
        await WrittenLocallyAsync(host, Eu, "o-1");

        await host.Server.FailAsync(Eu);
        var failedAt = Stopwatch.StartNew();
        TimeSpan? rto = null;
        int failures = 0;
        for (int i = 0; rto is null && failedAt.Elapsed < TimeSpan.FromSeconds(10); i++)
        {
            try
            {
                await client.PutItemAsync("orders", Item($"o-fail-{i}", "moved"));
                rto = failedAt.Elapsed;
            }
            catch (AmazonDynamoDBException e) when (e.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                failures++;
                await Task.Delay(20);
            }
        }
        output.WriteLine($"writes moved to {Us} after {rto?.TotalMilliseconds:0} ms, {failures} refused meanwhile");
        Assert.NotNull(rto);
        Assert.True(rto < TimeSpan.FromSeconds(2), $"failover took {rto}");
        await WrittenLocallyAsync(host, Us, "o-fail-");
        using (var regions = await host.GetJsonAsync("/_admin/regions"))
        {
            var eu = regions.RootElement.EnumerateArray().Single(r => r.GetProperty("name").GetString() == Eu);
            Assert.Equal("failed", eu.GetProperty("state").GetString());
            Assert.True(eu.TryGetProperty("lastRtoMs", out _) || failures == 0);
        }

        await host.Server.RecoverAsync(Eu);
        await client.PutItemAsync("orders", Item("o-back", "home"));
        await WrittenLocallyAsync(host, Eu, "o-back");
        await host.WaitConvergedAsync("orders", [Us, Eu], TimeSpan.FromSeconds(60));
    }
}
