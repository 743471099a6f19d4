using System.Diagnostics;
using System.Text.RegularExpressions;
using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Tests.Smoke;

/// <summary>
/// Runs every session of the README, in order and as pasted (scripts/readme-sessions.sh), with the AWS CLI and the real
/// <c>globaltables</c> CLI against a fresh host of every region, and checks what each session prints.
/// </summary>
public sealed partial class ReadmeSessionsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [GeneratedRegex(@"^=== session (?<n>\d+)$", RegexOptions.Multiline)]
    private static partial Regex SessionStart();

    [Fact]
    public async Task Every_README_session_runs_in_order_as_pasted()
    {
        var root = TestPaths.RepositoryRoot;
        var data = Path.Combine(Path.GetTempPath(), "globaltables-readme", Guid.NewGuid().ToString("N"));
        await using var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = data, ConfigRoot = root, EphemeralPorts = true,
        });
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "readme-sessions.sh"), server.FrontDoorEndpoint.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["GLOBALTABLES"] = $"dotnet {typeof(GlobalTablesProcess).Assembly.Location}";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(6));
        var transcript = await stdout;
        output.WriteLine(transcript);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stderr}");
        Assert.EndsWith("readme-sessions: done", transcript.TrimEnd());

        var sessions = Sessions(transcript);
        Assert.Equal(8, sessions.Count);
        // The one command that fails is the one the README says fails, with DynamoDB's error.
        var failures = transcript.Split('\n').Where(l => l.StartsWith("readme-sessions: exit", StringComparison.Ordinal)).ToList();
        Assert.Single(failures);
        Assert.Contains("--condition-expression 'Plays > :ten'", failures[0]);
        Assert.Contains("ConditionalCheckFailedException", sessions[1]);

        Assert.Contains("\"S\": \"Happy Day\"", sessions[1]);
        Assert.Matches(@"""TableNames"": \[\]", sessions[1]);                 // eu-west-2 has its own tables: none yet
        Assert.Matches(@"""RegionName"": ""eu-west-2"",\s*""ReplicaStatus"": ""ACTIVE""", sessions[2]);
        Assert.Contains("\"S\": \"Far\"", sessions[2]);                        // written in eu-west-2, read in us-east-1
        Assert.Contains("demo-lost-update-", sessions[3]);
        Assert.Contains("INSERT\tEncore", sessions[4]);
        Assert.Contains("\"S\": \"OPEN\"", sessions[5]);
        Assert.Contains("ByCustomer", sessions[5]);
        Assert.Matches(@"""CapacityUnits"": 3(\.0)?,", sessions[6]);     // the table, its GSI and its LSI
        Assert.Contains("eu-west-2", sessions[7]);
        Assert.Matches(@"""Key"": ""env"",\s*""Value"": ""prod""", sessions[8]);
        Assert.Contains("\"AttributeName\": \"expires\"", sessions[8]);

        // The sessions left what they said: Music global in two regions, Orders with two indexes.
        var east = server.Regions.Single(r => r.Name == "us-east-1").Tables;
        Assert.NotNull(east.Find("Music"));
        Assert.NotNull(east.Find("Orders"));
        Assert.NotNull(server.Regions.Single(r => r.Name == "eu-west-2").Tables.Find("Music"));
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    /// <summary>Each session's output by its number, from its "=== session N" line to the next.</summary>
    static Dictionary<int, string> Sessions(string transcript)
    {
        var starts = SessionStart().Matches(transcript);
        var sessions = new Dictionary<int, string>();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : transcript.Length;
            sessions[int.Parse(starts[i].Groups["n"].Value)] = transcript[starts[i].Index..end];
        }
        return sessions;
    }
}
