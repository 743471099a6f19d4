using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Logs;

/// <summary>
/// SIGTERM (or Ctrl+C) stops <c>up</c> cleanly: the regions' Akka systems, associated by replication, stop without an
/// ERROR or a stack trace for the disassociation they expect, and the command says once that it stopped.
/// </summary>
public sealed partial class CleanStopLogTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"^\s+at ")]
    private static partial Regex StackFrame();

    [Fact]
    public async Task A_SIGTERM_stops_up_with_exit_0_one_stopped_line_and_no_error_nor_stack_trace()
    {
        using var up = await TwoRegionUp.StartAsync(output);

        up.Process.Terminate();
        Assert.Equal(0, await up.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var lines = up.Process.Output;
        Assert.Single(lines, l => l == "globaltables: stopped");
        Assert.Equal("globaltables: stopped", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("ERROR") || l.Contains("Exception") || StackFrame().IsMatch(l));
    }
}
