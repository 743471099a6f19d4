using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Usage;

/// <summary>One run of the real <c>globaltables</c> to its exit: the exit code and what it printed on stdout and on stderr.</summary>
public sealed record CliRun(int Exit, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    public static async Task<CliRun> ToExitAsync(ITestOutputHelper output, params string[] args)
    {
        using var process = GlobalTablesProcess.Start(args, output.WriteLine);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"exit {exit}");
        return new CliRun(exit, process.StandardOutput, process.ErrorOutput);
    }

    /// <summary>An error as the CLI must report one: a single <c>globaltables: ...</c> line on stderr, no stack trace, nothing on stdout.</summary>
    public string AssertOneErrorLine(int exit)
    {
        Assert.Equal(exit, Exit);
        Assert.Empty(Stdout);
        var line = Assert.Single(Stderr);
        Assert.StartsWith("globaltables: ", line);
        Assert.DoesNotContain("   at ", line);
        Assert.DoesNotContain("Exception", line);
        return line;
    }
}
