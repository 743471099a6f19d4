using GlobalTables.Testing;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Usage;

/// <summary>
/// A mistake on the command line is one line on stderr and exit code 2; a command that cannot be done, such as one
/// for a server that is not running, is one line and exit code 1. Neither prints a stack trace (issue 17).
/// </summary>
public sealed class ErrorLineTests(ITestOutputHelper output) : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "globaltables-usage", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("Unknown command 'frobnicate'", "frobnicate")]
    [InlineData("Unknown option 'bogus'", "status", "--bogus")]
    [InlineData("Unknown option 'bogus'", "up", "--bogus", "--config", "{root}", "--data", "{data}")]
    [InlineData("'abc' is not a number", "conflicts", "--limit", "abc")]
    [InlineData("region frob: no such action; the actions are fail, recover, isolate, heal, latency, list", "region", "frob", "eu-west-2")]
    [InlineData("region latency needs --ms N", "region", "latency", "eu-west-2")]
    [InlineData("--only: no region mars-1; the regions are us-east-1, eu-west-2, ap-southeast-1", "up", "--only", "mars-1", "--config", "{root}", "--data", "{data}")]
    [InlineData("--region: no region mars-1; the regions are us-east-1, eu-west-2, ap-southeast-1", "node", "--region", "mars-1", "--config", "{root}", "--data", "{data}")]
    [InlineData("--config /nonexistent: no such folder", "up", "--config", "/nonexistent", "--data", "{data}")]
    [InlineData("--config /nonexistent: no such folder", "iam", "vend", "--principal", "developer", "--config", "/nonexistent")]
    [InlineData("--port-offset 60000 puts the us-east-1 DynamoDB endpoint at port 68001; ports go from 1 to 65535, so the offset is from -7999 to 56532",
        "up", "--port-offset", "60000", "--config", "{root}", "--data", "{data}")]
    [InlineData("--port-offset 70000 puts the front door at port 78000", "status", "--port-offset", "70000")]
    [InlineData("--port-offset 60000 puts the us-east-1 DynamoDB endpoint at port 68001", "chaos", "--port-offset", "60000", "--config", "{root}", "--data", "{data}")]
    [InlineData("--principal nobody: no such principal in config/iam.json; the principals are developer", "iam", "vend", "--principal", "nobody", "--config", "{root}")]
    [InlineData("--regions us-east-1: two different regions", "demo", "lost-update", "--regions", "us-east-1")]
    [InlineData("Store \"mysql\" (--store) is not known: sqlite or postgres.", "up", "--store", "mysql", "--config", "{root}", "--data", "{data}")]
    public async Task A_usage_mistake_is_one_line_on_stderr_and_exit_code_2(string says, params string[] args)
    {
        var run = await CliRun.ToExitAsync(output, [.. args.Select(a => a.Replace("{root}", TestPaths.RepositoryRoot).Replace("{data}", _data))]);

        Assert.Contains(says, run.AssertOneErrorLine(2));
        Assert.False(Directory.Exists(_data), "a refused start created its data folder");
    }

    [Theory]
    [InlineData("/_admin/regions", "status")]
    [InlineData("/_admin/regions", "status", "--json")]
    [InlineData("/_admin/regions", "region", "fail", "eu-west-9")]
    [InlineData("/_admin/regions", "region", "list", "--json")]
    [InlineData("/_admin/conflicts", "conflicts", "--json")]
    [InlineData("/_admin/writes", "watch")]
    public async Task A_command_for_a_server_that_is_not_running_says_which_endpoint_it_could_not_reach_and_exits_1(string path, params string[] args)
    {
        var endpoint = ClosedPort.Endpoint();

        var run = await CliRun.ToExitAsync(output, [.. args, "--endpoint", endpoint.ToString()]);

        var line = run.AssertOneErrorLine(1);
        Assert.StartsWith($"globaltables: Could not reach {new Uri(endpoint, path)} (Connection refused", line);
        Assert.Contains("Start it with `globaltables up`", line);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, true); } catch (DirectoryNotFoundException) { }
    }
}
