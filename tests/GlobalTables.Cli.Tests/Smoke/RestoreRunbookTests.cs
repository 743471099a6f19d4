using System.Diagnostics;
using System.Text.RegularExpressions;
using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Smoke;

/// <summary>
/// Runs the README's restore runbook (the bash block between its restore-runbook markers) exactly as written, with the
/// AWS CLI, against a fresh region through the front door, and checks what it prints.
/// </summary>
public sealed partial class RestoreRunbookTests
{
    [GeneratedRegex(@"<!-- restore-runbook -->\s*```bash\n(?<script>.*?)```\s*<!-- /restore-runbook -->", RegexOptions.Singleline)]
    private static partial Regex Runbook();

    [Fact]
    public async Task The_README_restore_runbook_brings_back_the_deleted_orders()
    {
        var root = TestPaths.RepositoryRoot;
        var script = Runbook().Match(await File.ReadAllTextAsync(Path.Combine(root, "README.md"))).Groups["script"].Value;
        Assert.Contains("restore-table-to-point-in-time", script);
        var data = Path.Combine(Path.GetTempPath(), "globaltables-runbook", Guid.NewGuid().ToString("N"));
        await using var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = data, ConfigRoot = root, OnlyRegions = ["us-east-1"], EphemeralPorts = true,
        });
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ENDPOINT"] = server.FrontDoorEndpoint.ToString().TrimEnd('/');
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{await stderr}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["PAID", "3"], lines[^2..]);
        Assert.Matches(@"^\d+(\.\d+)?\s+\d+(\.\d+)?$", lines[^3]);
        var orders = server.Regions.Single(r => r.Name == "us-east-1").Tables;
        Assert.NotNull(orders.Find("Orders"));
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
