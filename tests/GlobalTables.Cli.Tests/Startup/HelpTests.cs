using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Startup;

/// <summary>Every command's help, and the bare command, print usage and exit 0 (issue 17: Spectre read "[--data DIR]" as a style and crashed).</summary>
public sealed class HelpTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("up", "--help")]
    [InlineData("node", "--help")]
    [InlineData("region", "--help")]
    [InlineData("status", "--help")]
    [InlineData("routing", "--help")]
    [InlineData("routing", "set", "--help")]
    [InlineData("conflicts", "--help")]
    [InlineData("watch", "--help")]
    [InlineData("chaos", "--help")]
    [InlineData("bench", "--help")]
    [InlineData("demo", "--help")]
    [InlineData("demo", "lost-update", "--help")]
    [InlineData("iam", "--help")]
    [InlineData("iam", "vend", "--help")]
    public async Task Help_prints_usage_and_exits_0(params string[] args)
    {
        // No --config: help reads none, and the bare command takes no option.
        using var process = GlobalTablesProcess.Start(args, output.WriteLine);

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(process.Output, line => line.Contains("USAGE:", StringComparison.Ordinal));
        Assert.DoesNotContain(process.Output, line => line.Contains("Exception", StringComparison.Ordinal));
    }
}
