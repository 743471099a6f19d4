using GlobalTables.Cli.Bench;
using Spectre.Console.Cli;

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

        var (exitCode, file) = await RunBenchAsync(
            "--workload", "floor-sqlite,floor-kestrel", "--duration", "1", "--concurrency", "4", "--label", "floor", "--json", json);

        Assert.Equal(0, exitCode);
        Assert.Equal(["floor-sqlite", "floor-kestrel"], file.Results.Select(r => r.Workload));
        AssertEveryOpSucceeded(file);
    }

    public static async Task<(int ExitCode, BenchFile File)> RunBenchAsync(params string[] arguments)
    {
        var app = new CommandApp();
        app.Configure(config => config.AddCommand<BenchCommand>("bench"));
        var exitCode = await app.RunAsync(["bench", "--no-progress", .. arguments]);
        var json = arguments[Array.IndexOf(arguments, "--json") + 1];
        var file = await BenchFile.ReadAsync(json, CancellationToken.None);
        return (exitCode, file);
    }

    public static void AssertEveryOpSucceeded(BenchFile file)
    {
        Assert.NotEmpty(file.Results);
        foreach (var result in file.Results)
        {
            Assert.Empty(result.Errors);
            Assert.Equal(0, result.Total.Errors);
            Assert.True(result.Total.Ops > 0, $"{result.Workload} ran no ops");
            Assert.NotEmpty(result.Operations);
            foreach (var operation in result.Operations)
            {
                Assert.Equal(0, operation.Errors);
                Assert.True(operation.Ops > 0, $"{result.Workload}: no {operation.Name} ops");
                Assert.True(operation.P50Us <= operation.P99Us && operation.P99Us <= operation.P999Us && operation.P999Us <= operation.MaxUs);
            }
        }
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
