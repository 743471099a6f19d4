using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Bench;

/// <summary>
/// The secondary-index workloads, tiny, against a real in-process host (one region, SQLite in a fresh temporary
/// folder, every port 0). The host runs in the test's own process, so --server-pid is this process. Checks that
/// every op succeeds and the figures each reports are consistent; checks no speed.
/// </summary>
public sealed class IndexBenchTests : IAsyncLifetime
{
    const string Region = "us-east-1";
    readonly string _folder = Directory.CreateTempSubdirectory("globaltables-bench-indexes-").FullName;
    GlobalTablesServer _server = null!;

    public async Task InitializeAsync() => _server = await GlobalTablesServer.StartAsync(new ServerOptions
    {
        DataRoot = Path.Combine(_folder, "data"),
        ConfigRoot = TestPaths.RepositoryRoot,
        OnlyRegions = [Region],
        EphemeralPorts = true,
    });

    string[] Common(string workload, string json) =>
    [
        "--endpoint", _server.RegionEndpoints[Region].ToString(),
        "--region", Region,
        "--admin", _server.FrontDoorEndpoint.ToString(),
        "--workload", workload,
        "--concurrency", "8",
        "--item-size", "100",
        "--server-pid", Environment.ProcessId.ToString(),
        "--json", json,
    ];

    [Theory]
    [InlineData("ALL")]
    [InlineData("KEYS_ONLY")]
    public async Task Puts_with_indexes_and_queries_of_the_table_and_an_index_all_succeed_and_are_charged_server_cpu(string projection)
    {
        var json = Path.Combine(_folder, $"queries-{projection}.json");

        var (exitCode, file) = await BenchTestRun.RunAsync(
            [.. Common("put-only,query,gsi-query", json), "--gsis", "2", "--gsi-projection", projection, "--records", "500", "--duration", "1"]);

        Assert.Equal(0, exitCode);
        Assert.Equal(["put-only", "query", "gsi-query"], file.Results.Select(r => r.Workload));
        Assert.Equal(["put", "query", "gsi-query"], file.Results.Select(r => Assert.Single(r.Operations).Name));
        BenchTestRun.AssertEveryOpSucceeded(file);
        Assert.All(file.Results, r => Assert.True(r.ServerCpu is { Seconds: > 0 } cpu && cpu.Ops == r.Total.Ops, $"{r.Workload}: no server CPU"));
    }

    [Fact]
    public async Task Gsi_lag_sees_sampled_writes_in_the_index_and_reads_the_servers_lag_or_says_why_not()
    {
        var json = Path.Combine(_folder, "gsi-lag.json");

        var (exitCode, file) = await BenchTestRun.RunAsync([.. Common("gsi-lag", json), "--rate", "200", "--duration", "3"]);

        var result = Assert.Single(file.Results);
        var lag = Assert.IsType<Cli.Bench.GsiLagResult>(result.GsiLag);
        Assert.Equal("gsi1", lag.IndexName);
        Assert.InRange(lag.WriteRatePerSecond, 100, 260);
        Assert.InRange(lag.VisibilitySamples, 3, 3 * 260 / Cli.Bench.IndexVisibilityProbe.SampleEvery + 1);
        Assert.Equal(0, lag.VisibilityFailures);
        Assert.True(lag.VisibleP50Ms > 0 && lag.VisibleP50Ms <= lag.VisibleP99Ms);
        Assert.True(result.ServerCpu is { Seconds: > 0 });
        // The server's admin route comes with other work: until it is there, the run names it as its one error.
        if (lag.AdminError is null)
        {
            Assert.Equal(0, exitCode);
            Assert.Empty(result.Errors);
            Assert.True(lag.Readings > 0 && lag.MeanP50Ms <= lag.WorstP99Ms);
        }
        else
        {
            Assert.Equal(1, exitCode);
            Assert.Contains("/_admin/indexes", Assert.Single(result.Errors).Message);
            Assert.Null(lag.MeanP50Ms);
        }
    }

    [Fact]
    public async Task Gsi_backfill_finds_each_item_once_in_the_new_index_or_says_that_update_table_refused_it()
    {
        var json = Path.Combine(_folder, "gsi-backfill.json");

        var (exitCode, file) = await BenchTestRun.RunAsync([.. Common("gsi-backfill", json), "--gsis", "1", "--records", "2000", "--rate", "100"]);

        var result = Assert.Single(file.Results);
        // UpdateTable GlobalSecondaryIndexUpdates comes with other work: until then the run fails saying so.
        if (result.GsiBackfill is null)
        {
            Assert.Equal(1, exitCode);
            Assert.Contains("UpdateTable GlobalSecondaryIndexUpdates Create gsi2 was refused", Assert.Single(result.Errors).Message);
            return;
        }
        Assert.Equal(0, exitCode);
        var backfill = result.GsiBackfill;
        Assert.Equal("gsi2", backfill.IndexName);
        Assert.Equal(2000, backfill.TableItemCount);
        Assert.True(backfill.EveryItemOnce);
        Assert.Equal(backfill.Items / backfill.BackfillSeconds, backfill.ItemsPerSecond, 6);
        Assert.Equal(100, backfill.Progress[^1].Percent);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite files still closing; the temp folder is cleaned by the OS.
        }
    }
}
