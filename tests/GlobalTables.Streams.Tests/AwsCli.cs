using System.Diagnostics;
using System.Text.Json;

namespace GlobalTables.Streams.Tests;

/// <summary>
/// The AWS CLI (botocore), for what the v3 .NET client predates: DescribeStream's ShardFilter.
/// .ci/run installs it.
/// </summary>
public static class AwsCli
{
    public static async Task<JsonElement> RunAsync(Uri endpoint, string region, params string[] args)
    {
        var start = new ProcessStartInfo("aws", [.. args, "--endpoint-url", endpoint.ToString().TrimEnd('/'), "--output", "json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
        start.Environment["AWS_DEFAULT_REGION"] = region;
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (process.ExitCode != 0) throw new InvalidOperationException($"aws {string.Join(' ', args)}: exit {process.ExitCode}\n{await stderr}");
        return JsonDocument.Parse(await stdout).RootElement.Clone();
    }
}
