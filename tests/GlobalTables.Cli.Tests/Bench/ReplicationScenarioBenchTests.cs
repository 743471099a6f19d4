using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Bench;

/// <summary>
/// The replica-fill and catch-up workloads, tiny, against a real in-process host with two regions
/// (SQLite in a fresh temporary folder, every port 0). Checks that the figures each report are
/// consistent with each other and with what was written; checks no speed.
/// </summary>
public sealed class ReplicationScenarioBenchTests : IAsyncLifetime
{
    const string Source = "us-east-1";
    const string Replica = "eu-west-2";
    readonly string _folder = Directory.CreateTempSubdirectory("globaltables-bench-replication-").FullName;
    GlobalTablesServer _server = null!;

    public async Task InitializeAsync() => _server = await GlobalTablesServer.StartAsync(new ServerOptions
    {
        DataRoot = Path.Combine(_folder, "data"),
        ConfigRoot = TestPaths.RepositoryRoot,
        OnlyRegions = [Source, Replica],
        EphemeralPorts = true,
    });

    string[] Common(string workload, string json) =>
    [
        "--endpoint", _server.RegionEndpoints[Source].ToString(),
        "--region", Source,
        "--replica", $"{Replica}={_server.RegionEndpoints[Replica]}",
        "--admin", _server.FrontDoorEndpoint.ToString(),
        "--workload", workload,
        "--concurrency", "8",
        "--item-size", "100",
        "--json", json,
    ];

    [Fact]
    public async Task Replica_fill_reports_every_loaded_item_in_the_new_replica_and_a_rising_progress_curve()
    {
        var json = Path.Combine(_folder, "fill.json");

        var (exitCode, file) = await BenchTestRun.RunAsync([.. Common("replica-fill", json), "--records", "3000", "--rate", "100"]);

        Assert.Equal(0, exitCode);
        var result = Assert.Single(file.Results);
        Assert.Equal("replica-fill", result.Workload);
        Assert.Empty(result.Errors);
        var fill = Assert.IsType<Cli.Bench.ReplicaFillResult>(result.ReplicaFill);
        Assert.Equal(3000, fill.Items);
        Assert.Equal(3000, fill.ReplicaItemCount);
        Assert.True(fill.FillSeconds > 0 && fill.LoadSeconds > 0);
        Assert.Equal(fill.Items / fill.FillSeconds, fill.ItemsPerSecond, 6);
        Assert.Equal(result.Total.Ops, fill.WritesDuringFill, 100.0);
        Assert.Equal(100, fill.Progress[^1].Percent);
        Assert.Equal(fill.FillSeconds, fill.Progress[^1].Seconds, 6);
        for (int i = 1; i < fill.Progress.Count; i++)
            Assert.True(fill.Progress[i].Seconds >= fill.Progress[i - 1].Seconds && fill.Progress[i].Percent >= fill.Progress[i - 1].Percent,
                "the progress curve went backwards");
    }

    [Fact]
    public async Task Catch_up_reports_a_backlog_built_while_isolated_and_drained_after_heal()
    {
        var json = Path.Combine(_folder, "catch-up.json");

        var (exitCode, file) = await BenchTestRun.RunAsync([.. Common("catch-up", json), "--rate", "200", "--isolation", "2"]);

        Assert.Equal(0, exitCode);
        var result = Assert.Single(file.Results);
        Assert.Empty(result.Errors);
        var up = Assert.IsType<Cli.Bench.CatchUpResult>(result.CatchUp);
        Assert.InRange(up.IsolationSeconds, 2, 10);
        Assert.True(up.WritesDuringIsolation > 0, "nothing was written while isolated");
        // The backlog is what the replica missed at heal: the writes of the isolation, plus at most a
        // few from just before it that were still in flight.
        Assert.InRange(up.BacklogAtHeal, up.WritesDuringIsolation / 2, up.WritesDuringIsolation + 200);
        Assert.True(up.DrainSeconds > 0);
        Assert.Equal(up.IsolationSeconds / up.DrainSeconds, up.Ratio, 6);
        Assert.Equal(up.BacklogAtHeal / up.DrainSeconds, up.DrainRatePerSecond, 6);
        Assert.Equal(up.BacklogAtHeal / up.IsolationSeconds, up.BuildRatePerSecond, 6);
        Assert.True(up.LastWriteArrived, "the last write acknowledged before heal is missing in the replica");
        Assert.True(result.Total.Ops >= up.WritesDuringIsolation + up.WritesDuringDrain);
    }

    [Fact]
    public async Task Replication_lag_reports_the_links_latency_while_the_writer_holds_its_rate()
    {
        var json = Path.Combine(_folder, "lag.json");

        var (exitCode, file) = await BenchTestRun.RunAsync([.. Common("replication-lag", json), "--rate", "200", "--duration", "3"]);

        Assert.Equal(0, exitCode);
        var result = Assert.Single(file.Results);
        Assert.Empty(result.Errors);
        var lag = Assert.IsType<Cli.Bench.ReplicationLagResult>(result.ReplicationLag);
        Assert.Equal((Source, Replica), (lag.SourceRegion, lag.ReplicaRegion));
        Assert.Equal(200, lag.TargetRatePerSecond);
        // Open loop: the writer never runs ahead of its target. How close it comes is speed, which
        // a loaded CI machine does not promise, so only that writes flowed is checked below it.
        Assert.InRange(lag.WriteRatePerSecond, 1, 260);
        Assert.InRange(lag.Readings, 1, 4);
        Assert.True(lag.MeanP50Ms >= 0 && lag.MeanP50Ms <= lag.WorstP99Ms, $"p50 {lag.MeanP50Ms} ms, p99 {lag.WorstP99Ms} ms");
        Assert.True(lag.LastP50Ms <= lag.LastP99Ms && lag.LastP99Ms <= lag.WorstP99Ms);
        Assert.True(result.Total.Ops > 0);
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
