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
}
