using GlobalTables.Cli.Bench;

namespace GlobalTables.Cli.Tests.Bench;

/// <summary>
/// Runs `globaltables bench` end to end through its command line, writes --json and reads it back.
/// Checks that the output parses and every op succeeded; never checks timing.
/// </summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("globaltables-bench-test-").FullName;

    [Fact]
    public async Task Bench_measures_the_floors_of_this_machine_and_every_op_succeeds()
    {
        var json = Path.Combine(_folder, "floors.json");

        var (exitCode, file) = await BenchTestRun.RunAsync(
            "--workload", "floor-sqlite,floor-kestrel", "--duration", "1", "--concurrency", "4", "--label", "floor", "--json", json);

        Assert.Equal(0, exitCode);
        Assert.Equal(["floor-sqlite", "floor-kestrel"], file.Results.Select(r => r.Workload));
        BenchTestRun.AssertEveryOpSucceeded(file);
    }

    [Fact]
    public async Task The_served_floor_answers_puts_and_gets_without_a_table_and_its_cpu_is_charged_per_request()
    {
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var app = BenchTestRun.App();
        var serving = app.RunAsync(["bench", "--serve-floor", port.ToString()], stop.Token);
        using var http = new HttpClient();
        await Poll.UntilAsync(async () =>
        {
            using var answer = await http.PostAsync($"http://127.0.0.1:{port}/", new StringContent("""{"TableName":"none"}"""));
            return await answer.Content.ReadAsStringAsync() == "{}";
        }, TimeSpan.FromSeconds(30), "the floor never answered {}");
        var json = Path.Combine(_folder, "floor-http.json");

        // The floor runs in this process here, so its CPU includes the client's: only that it is charged is checked.
        var (exitCode, file) = await BenchTestRun.RunAsync("--endpoint", $"http://127.0.0.1:{port}", "--workload", "put-only,get-only", "--no-table",
            "--duration", "1", "--concurrency", "4", "--server-pid", Environment.ProcessId.ToString(), "--json", json);

        Assert.Equal(0, exitCode);
        Assert.Equal(["put-only", "get-only"], file.Results.Select(r => r.Workload));
        BenchTestRun.AssertEveryOpSucceeded(file);
        Assert.All(file.Results, r => Assert.True(r.ServerCpu is { UsPerOp: > 0 }, $"{r.Workload}: no CPU per request"));
        stop.Cancel();
        Assert.Equal(0, await serving);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("70000")]
    public async Task A_floor_port_out_of_range_is_a_usage_mistake(string port)
    {
        var app = BenchTestRun.App();
        Assert.NotEqual(0, await app.RunAsync(["bench", "--serve-floor", port]));
    }

    [Fact]
    public async Task An_endpoint_that_refuses_fails_each_workload_and_still_writes_the_json()
    {
        var port = FreePort();
        var json = Path.Combine(_folder, "refused.json");

        var (exitCode, file) = await BenchTestRun.RunAsync(
            "--endpoint", $"http://127.0.0.1:{port}", "--workload", "ycsb-a,put-only", "--duration", "1", "--json", json);

        Assert.Equal(1, exitCode);
        Assert.Equal(["ycsb-a", "put-only"], file.Results.Select(r => r.Workload));
        Assert.All(file.Results, r => Assert.StartsWith("setup: ", Assert.Single(r.Errors).Message));
    }

    /// <summary>A loopback port no one listens on now.</summary>
    static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown; the temp folder is cleaned by the OS.
        }
    }
}
