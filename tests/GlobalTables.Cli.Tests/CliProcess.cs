namespace GlobalTables.Cli.Tests;

/// <summary>The real <c>globaltables</c> command as a child process, with the repository's regions/ and config/.</summary>
public static class CliProcess
{
    public static GlobalTablesProcess Start(IEnumerable<string> args, Action<string>? log = null) =>
        GlobalTablesProcess.Start([.. args, "--config", TestPaths.RepositoryRoot], log);

    /// <summary><c>globaltables node</c> for one region on its configured ports plus the offset, without WAN latency, once ready.</summary>
    public static async Task<GlobalTablesProcess> StartNodeAsync(string region, int portOffset, string data, Xunit.Abstractions.ITestOutputHelper output)
    {
        var node = Start(["node", "--region", region, "--port-offset", portOffset.ToString(), "--data", data, "--no-latency"], line => output.WriteLine("node: " + line));
        try { await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)); }
        catch
        {
            node.Dispose();
            throw;
        }
        return node;
    }

    /// <summary>
    /// Starts a command that must come up, once ready, with the port offset it took: on another offset from
    /// <paramref name="freshOffset"/> (up to three tries) if something outside the test holds one of its ports.
    /// <paramref name="start"/> starts each try, so a test can keep the processes it disposes of.
    /// </summary>
    public static async Task<(GlobalTablesProcess Process, int Offset)> StartServingAsync(Func<int> freshOffset, Func<int, IEnumerable<string>> args,
        TimeSpan deadline, Func<IEnumerable<string>, GlobalTablesProcess> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            var offset = freshOffset();
            var process = start(args(offset));
            try
            {
                await process.WaitUntilReadyAsync(deadline);
                return (process, offset);
            }
            catch (InvalidOperationException) when (attempt < 3 && process.Output.Any(l => l.StartsWith("globaltables: Port ")))
            {
                process.Dispose();
            }
            catch
            {
                process.Dispose();
                throw;
            }
        }
    }
}
