using GlobalTables.Cli.Bench;
using Spectre.Console.Cli;

namespace GlobalTables.Cli.Tests.Bench;

/// <summary>Runs `globaltables bench` through its command line and reads back what --json wrote.</summary>
internal static class BenchTestRun
{
    public static async Task<(int ExitCode, BenchFile File)> RunAsync(params string[] arguments)
    {
        var exitCode = await App().RunAsync(["bench", "--no-progress", .. arguments]);
        var json = arguments[Array.IndexOf(arguments, "--json") + 1];
        var file = await BenchFile.ReadAsync(json, CancellationToken.None);
        return (exitCode, file);
    }

    /// <summary>The command line with `bench` alone, as the tests run it.</summary>
    public static CommandApp App()
    {
        var app = new CommandApp();
        app.Configure(config => config.AddCommand<BenchCommand>("bench"));
        return app;
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
}
