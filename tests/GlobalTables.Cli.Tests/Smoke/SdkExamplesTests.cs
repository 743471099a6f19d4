using System.Diagnostics;
using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Smoke;

/// <summary>
/// Runs the first session in examples/ with boto3 (Debian's python3-boto3) and with the AWS SDK for JavaScript v3
/// against a fresh host through the front door, and checks every line it prints.
/// </summary>
public sealed class SdkExamplesTests(Xunit.Abstractions.ITestOutputHelper output)
{
    static readonly string[] Expected =
    [
        "get-item: 1",
        "update-item: ConditionalCheckFailedException",
        "after the failed update: 1",
        "describe-table: ACTIVE 0",
        "tables in eu-west-2: []",
    ];

    [Fact]
    public async Task The_first_session_runs_with_boto3()
    {
        // Debian's python3 carries Debian's boto3; a python3 earlier on the PATH (pyenv, a venv) may not.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var lines = await RunAgainstFreshHostAsync(python, ["first_session.py"], Path.Combine(TestPaths.RepositoryRoot, "examples", "python"));
        Assert.Equal(Expected, lines);
    }

    [Fact]
    public async Task The_first_session_runs_with_the_AWS_SDK_for_JavaScript()
    {
        var folder = Path.Combine(TestPaths.RepositoryRoot, "examples", "javascript");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@aws-sdk", "client-dynamodb")))
        {
            // As its README says: the versions in package-lock.json, from the npm registry.
            var (code, npmOutput) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, [], TimeSpan.FromMinutes(5));
            Assert.True(code == 0, "npm ci failed:\n" + npmOutput);
        }
        var lines = await RunAgainstFreshHostAsync("node", ["first-session.mjs"], folder);
        Assert.Equal(Expected, lines);
    }

    async Task<string[]> RunAgainstFreshHostAsync(string program, string[] args, string folder)
    {
        var data = Path.Combine(Path.GetTempPath(), "globaltables-examples", Guid.NewGuid().ToString("N"));
        await using var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = data, ConfigRoot = TestPaths.RepositoryRoot, OnlyRegions = ["us-east-1", "eu-west-2"], EphemeralPorts = true,
        });
        var (code, text) = await RunAsync(program, args, folder,
            [("ENDPOINT", server.FrontDoorEndpoint.ToString().TrimEnd('/')), ("TABLE", "Music")], TimeSpan.FromMinutes(2));
        output.WriteLine(text);
        Assert.True(code == 0, $"{program} exited {code}:\n{text}");
        // The session ran in us-east-1, the region it signed for, and left its table there.
        Assert.NotNull(server.Regions.Single(r => r.Name == "us-east-1").Tables.Find("Music"));
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Runs a program to its end and returns its exit code and its stdout (stderr follows it, for failures).</summary>
    static async Task<(int Code, string Output)> RunAsync(string program, string[] args, string folder,
        (string Name, string Value)[] environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout);
        var text = await stdout;
        return (process.ExitCode, process.ExitCode == 0 ? text : text + "\n" + await stderr);
    }
}
