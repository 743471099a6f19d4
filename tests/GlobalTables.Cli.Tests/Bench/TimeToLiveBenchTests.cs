using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Bench;

/// <summary>
/// The ttl-delete workload, tiny, against a real in-process host whose time to live settles after 1 s and whose
/// partitions look every 300 ms: every loaded item is deleted and the figures agree; checks no speed.
/// </summary>
public sealed class TimeToLiveBenchTests : IAsyncLifetime
{
    const string Region = "us-east-1";
    readonly string _folder = Directory.CreateTempSubdirectory("globaltables-bench-ttl-").FullName;
    GlobalTablesServer _server = null!;

    public async Task InitializeAsync() => _server = await GlobalTablesServer.StartAsync(new ServerOptions
    {
        DataRoot = Path.Combine(_folder, "data"),
        ConfigRoot = TestPaths.RepositoryRoot,
        OnlyRegions = [Region],
        EphemeralPorts = true,
        ConfigOverrides = """
            globaltables.time-to-live.transition = 1s
            globaltables.time-to-live.scan-interval = 300ms
            """,
    });

    [Fact]
    public async Task Ttl_delete_times_the_deletion_of_every_loaded_item()
    {
        var json = Path.Combine(_folder, "ttl-delete.json");

        var (exitCode, file) = await BenchTestRun.RunAsync(
        [
            "--endpoint", _server.RegionEndpoints[Region].ToString(), "--region", Region, "--workload", "ttl-delete",
            "--records", "300", "--concurrency", "4", "--item-size", "100", "--json", json,
        ]);

        Assert.Equal(0, exitCode);
        var ttl = Assert.IsType<Cli.Bench.TimeToLiveResult>(Assert.Single(file.Results).TimeToLive);
        Assert.Equal(300, ttl.Items);
        Assert.True(ttl.DeleteSeconds > 0 && ttl.ItemsPerSecond > 0);
        Assert.Equal(100, ttl.Progress[^1].Percent);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
