using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Usage;

/// <summary>
/// The commands that read a running up, run as real processes against one with a real lost update: --json is JSON and
/// nothing else, conflicts is one line per lost update, an unknown region lists the known ones, and watch starts from now.
/// </summary>
public sealed class RunningUpTests(RunningUp up, ITestOutputHelper output) : IClassFixture<RunningUp>
{
    Task<CliRun> RunAsync(params string[] args) => CliRun.ToExitAsync(output, [.. args, .. up.Endpoint]);

    static JsonElement Json(CliRun run)
    {
        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Stderr);
        using var json = JsonDocument.Parse(string.Join('\n', run.Stdout));
        return json.RootElement.Clone();
    }

    static string V(JsonElement side) => side.GetProperty("image").GetProperty("v").GetProperty("S").GetString()!;

    [Fact]
    public async Task Conflicts_json_is_the_lost_update_with_its_winner_and_loser()
    {
        var lost = Assert.Single(Json(await RunAsync("conflicts", "--json", "--table", RunningUp.Table)).GetProperty("lostUpdates").EnumerateArray());

        Assert.Equal(RunningUp.Table, lost.GetProperty("table").GetString());
        Assert.Equal(RunningUp.Key, lost.GetProperty("key").GetProperty("partitionKey").GetProperty("S").GetString());
        var (winner, loser) = (lost.GetProperty("winner"), lost.GetProperty("loser"));
        Assert.Equal(up.Winner, V(winner));
        Assert.Equal(up.Winner == "from-us" ? "from-eu" : "from-us", V(loser));
        Assert.Equal(V(winner) == "from-us" ? "us-east-1" : "eu-west-2", winner.GetProperty("region").GetString());
        Assert.Equal(V(loser) == "from-us" ? "us-east-1" : "eu-west-2", loser.GetProperty("region").GetString());
        Assert.EndsWith("@" + winner.GetProperty("region").GetString(), winner.GetProperty("version").GetString());
        Assert.EndsWith("@" + loser.GetProperty("region").GetString(), loser.GetProperty("version").GetString());
        Assert.Contains(lost.GetProperty("detectedIn").GetString(), new[] { "us-east-1", "eu-west-2" });
        Assert.True(lost.GetProperty("detectedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10));
    }

    [Fact]
    public async Task Conflicts_prints_one_line_per_lost_update_with_time_table_key_winner_and_loser_and_show_images_adds_both_images()
    {
        var lost = Json(await RunAsync("conflicts", "--json", "--table", RunningUp.Table)).GetProperty("lostUpdates")[0];
        string Version(string side) => lost.GetProperty(side).GetProperty("version").GetString()!;

        var run = await RunAsync("conflicts", "--table", RunningUp.Table);

        Assert.Equal(0, run.Exit);
        var line = Assert.Single(run.Stdout);
        Assert.Matches(new Regex($@"^\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{{3}} {RunningUp.Table} {RunningUp.Key} winner {Regex.Escape(Version("winner"))} loser {Regex.Escape(Version("loser"))}$"), line);
        Assert.True(line.Length <= 120, $"{line.Length} characters");

        var images = await RunAsync("conflicts", "--table", RunningUp.Table, "--show-images");

        Assert.Equal(0, images.Exit);
        Assert.Equal(3, images.Stdout.Count);
        Assert.Equal(line, images.Stdout[0]);
        Assert.Equal($"  winner {{\"pk\":{{\"S\":\"{RunningUp.Key}\"}},\"v\":{{\"S\":\"{V(lost.GetProperty("winner"))}\"}}}}", images.Stdout[1]);
        Assert.Equal($"  loser  {{\"pk\":{{\"S\":\"{RunningUp.Key}\"}},\"v\":{{\"S\":\"{V(lost.GetProperty("loser"))}\"}}}}", images.Stdout[2]);
    }

    [Fact]
    public async Task Status_json_has_the_regions_and_the_replication_links()
    {
        var status = Json(await RunAsync("status", "--json"));

        var regions = status.GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal(["us-east-1", "eu-west-2"], regions.Select(r => r.GetProperty("name").GetString()));
        Assert.All(regions, r => Assert.Equal("up", r.GetProperty("state").GetString()));
        var links = status.GetProperty("replication").EnumerateArray()
            .Where(l => l.GetProperty("table").GetString() == RunningUp.Table)
            .Select(l => $"{l.GetProperty("source").GetString()}>{l.GetProperty("destination").GetString()}").Order().ToList();
        Assert.Equal(["eu-west-2>us-east-1", "us-east-1>eu-west-2"], links);
    }

    [Fact]
    public async Task Region_list_json_has_each_region_its_state_and_its_links()
    {
        var regions = Json(await RunAsync("region", "list", "--json")).GetProperty("regions").EnumerateArray().ToList();

        var eu = Assert.Single(regions, r => r.GetProperty("name").GetString() == "eu-west-2");
        Assert.Equal("up", eu.GetProperty("state").GetString());
        Assert.Equal($"http://127.0.0.1:{8002 + up.Offset}/", eu.GetProperty("endpoint").GetString());
        var link = Assert.Single(eu.GetProperty("links").EnumerateArray(), l => l.GetProperty("table").GetString() == RunningUp.Table);
        Assert.Equal("us-east-1", link.GetProperty("to").GetString());
        Assert.Equal("up", link.GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("region fail: no region eu-west-9; the regions are us-east-1, eu-west-2", "region", "fail", "eu-west-9")]
    [InlineData("--peer: no region mars-1; the regions are us-east-1, eu-west-2", "region", "latency", "us-east-1", "--ms", "5", "--peer", "mars-1")]
    [InlineData("--region: no region eu-west-9; the regions are us-east-1, eu-west-2", "conflicts", "--region", "eu-west-9")]
    public async Task An_unknown_region_is_one_line_listing_the_regions_of_the_running_up_and_exit_code_2(string says, params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal("globaltables: " + says, run.AssertOneErrorLine(2));
    }

    [Fact]
    public async Task Watch_starts_from_now_it_prints_a_new_write_and_not_an_earlier_one()
    {
        const string table = "watched";
        using var us = up.Client("us-east-1");
        await RunningUp.CreateTableAsync(us, table);
        await us.PutItemAsync(table, new() { ["pk"] = new("before"), ["v"] = new("1") });
        await WaitInFeedAsync("before");

        using var watch = GlobalTablesProcess.Start(["watch", "--table", table, "--interval-ms", "50", .. up.Endpoint], output.WriteLine);
        await Poll.UntilAsync(() => Task.FromResult(watch.StandardOutput.Any(l => l.StartsWith("watching "))), TimeSpan.FromSeconds(60), "watch started");
        await us.PutItemAsync(table, new() { ["pk"] = new("after"), ["v"] = new("2") });

        await Poll.UntilAsync(() => Task.FromResult(watch.StandardOutput.Any(l => l.Contains("\"after\""))), TimeSpan.FromSeconds(30), "the new write watched");
        var line = Assert.Single(watch.StandardOutput, l => l.Contains("\"after\""));
        Assert.Matches(new Regex($@"^\d\d:\d\d:\d\d\.\d{{3}} us-east-1 wrote put {table} {{""S"":""after""}} \d+\.\d+@us-east-1$"), line);
        Assert.DoesNotContain(watch.Output, l => l.Contains("before"));
        Assert.Empty(watch.ErrorOutput);
    }

    [Fact]
    public async Task Watch_from_start_replays_the_table_as_it_is_now_and_not_the_writes_of_a_dropped_table_of_the_same_name()
    {
        const string table = "recreated";
        using var us = up.Client("us-east-1");
        await RunningUp.CreateTableAsync(us, table);
        await us.PutItemAsync(table, new() { ["pk"] = new("old-item"), ["v"] = new("1") });
        await WaitInFeedAsync("old-item");
        await us.DeleteTableAsync(table);
        await Poll.UntilAsync(async () => !(await us.ListTablesAsync(new ListTablesRequest())).TableNames.Contains(table), TimeSpan.FromSeconds(60), "the table dropped");
        await RunningUp.CreateTableAsync(us, table);
        await us.PutItemAsync(table, new() { ["pk"] = new("new-item"), ["v"] = new("2") });
        await WaitInFeedAsync("new-item");

        using var watch = GlobalTablesProcess.Start(["watch", "--from-start", "--table", table, "--interval-ms", "50", .. up.Endpoint], output.WriteLine);

        await Poll.UntilAsync(() => Task.FromResult(watch.StandardOutput.Any(l => l.Contains("\"new-item\""))), TimeSpan.FromSeconds(60), "the replayed write");
        Assert.DoesNotContain(watch.Output, l => l.Contains("old-item"));
    }

    /// <summary>Until the region's change feed, which watch reads, has a write of this key.</summary>
    async Task WaitInFeedAsync(string key)
    {
        using var http = new HttpClient();
        await Poll.UntilAsync(async () =>
        {
            using var writes = JsonDocument.Parse(await http.GetStringAsync(new Uri(up.FrontDoor, "/_admin/writes")));
            return writes.RootElement.EnumerateArray().Any(w => w.GetProperty("key").GetString()!.Contains($"\"{key}\""));
        }, TimeSpan.FromSeconds(30), $"{key} in the change feed");
    }
}
