using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Bench;

/// <summary>
/// The bench against a real in-process GlobalTables host (one region, SQLite in a fresh temporary
/// folder, Kestrel on loopback port 0), for 2 seconds a workload. Checks that the JSON output parses
/// and every op succeeded; checks no timing.
/// </summary>
public sealed class BenchAgainstGlobalTablesTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("globaltables-bench-host-").FullName;
    private GlobalTablesServer _server = null!;

    public async Task InitializeAsync() => _server = await GlobalTablesServer.StartAsync(new ServerOptions
    {
        DataRoot = Path.Combine(_folder, "data"),
        ConfigRoot = TestPaths.RepositoryRoot,
        OnlyRegions = ["us-east-1"],
        EphemeralPorts = true,
    });

    [Fact]
    public async Task Bench_runs_put_only_and_ycsb_a_for_two_seconds_each_and_every_op_succeeds()
    {
        var json = Path.Combine(_folder, "bench.json");

        var (exitCode, file) = await BenchTestRun.RunAsync(
            "--endpoint", _server.RegionEndpoints["us-east-1"].ToString(),
            "--region", "us-east-1",
            "--workload", "put-only,ycsb-a",
            "--records", "200",
            "--duration", "2",
            "--concurrency", "8",
            "--seed", "7",
            "--label", "globaltables",
            "--json", json);

        Assert.Equal(0, exitCode);
        Assert.Equal(["put-only", "ycsb-a"], file.Results.Select(r => r.Workload));
        Assert.Equal(["put"], file.Results[0].Operations.Select(o => o.Name));
        Assert.Equal(["read", "update"], file.Results[1].Operations.Select(o => o.Name));
        BenchTestRun.AssertEveryOpSucceeded(file);
    }

    [Fact]
    public async Task Stream_read_delivers_every_loaded_record_to_one_reader()
    {
        var json = Path.Combine(_folder, "stream-read.json");
        var (exitCode, file) = await BenchTestRun.RunAsync(
            "--endpoint", _server.RegionEndpoints["us-east-1"].ToString(),
            "--region", "us-east-1",
            "--workload", "stream-read",
            "--table", "bench-stream",
            "--records", "300",
            "--duration", "2",
            "--concurrency", "4",
            "--json", json);

        Assert.Equal(0, exitCode);
        var result = Assert.Single(file.Results);
        Assert.Equal("stream-read", result.Workload);
        Assert.Equal("get-records", Assert.Single(result.Operations).Name);
        // In two seconds one reader reads the 300 records at least once.
        Assert.True(result.Total.Ops >= 300, $"only {result.Total.Ops} records were delivered");
        BenchTestRun.AssertEveryOpSucceeded(file);
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
