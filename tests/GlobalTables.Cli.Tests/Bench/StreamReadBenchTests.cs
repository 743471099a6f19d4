using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Bench;

/// <summary>The stream-read workload against a real in-process host: one reader, GetRecords counted by the records it returns.</summary>
public sealed class StreamReadBenchTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("globaltables-bench-streams-").FullName;
    private GlobalTablesServer _server = null!;

    public async Task InitializeAsync() => _server = await GlobalTablesServer.StartAsync(new ServerOptions
    {
        DataRoot = Path.Combine(_folder, "data"),
        ConfigRoot = TestPaths.RepositoryRoot,
        OnlyRegions = ["us-east-1"],
        EphemeralPorts = true,
    });

    [Fact]
    public async Task Stream_read_delivers_every_loaded_record_to_one_reader()
    {
        var json = Path.Combine(_folder, "bench.json");
        var (exitCode, file) = await BenchTestRun.RunAsync(
            "--endpoint", _server.RegionEndpoints["us-east-1"].ToString(),
            "--region", "us-east-1",
            "--workload", "stream-read",
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
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
