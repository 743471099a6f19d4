using System.Diagnostics;
using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Smoke;

/// <summary>Runs the README's AWS CLI session (scripts/smoke-awscli.sh) against a real host through the front door.</summary>
public sealed class AwsCliSmokeTests
{

    [Fact]
    public async Task The_README_session_with_the_AWS_CLI_passes()
    {
        var root = TestPaths.RepositoryRoot;
        var data = Path.Combine(Path.GetTempPath(), "globaltables-smoke", Guid.NewGuid().ToString("N"));
        await using var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = data, ConfigRoot = root, OnlyRegions = ["us-east-1", "eu-west-2"], EphemeralPorts = true,
        });
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "smoke-awscli.sh"), server.FrontDoorEndpoint.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AWS_DEFAULT_REGION"] = "eu-west-2";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.Contains("smoke: ok", await stdout);
        // It ran in eu-west-2, the region its requests were signed for.
        Assert.Empty(server.Regions.First(r => r.Name == "us-east-1").Tables.All);
    }
}
