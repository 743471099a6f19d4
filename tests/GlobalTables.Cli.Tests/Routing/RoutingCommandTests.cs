using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Routing;

/// <summary>
/// <c>globaltables routing [set]</c> against a real <c>up</c> of us-east-1 and eu-west-2 on fresh ports: a table
/// switched to failover is served by the new region from the next request through the front door, without a restart; a
/// region or mode the front door refuses is one line and exit 2 and changes nothing; a typo in routing.json refuses the
/// start in one line. Each region has its own table "orders" (not a global table) whose item names the region holding it.
/// </summary>
public sealed class RoutingCommandTests(ITestOutputHelper output) : IDisposable
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-routing", Guid.NewGuid().ToString("N"));
    readonly List<GlobalTablesProcess> _processes = [];

    // Below the ephemeral range, in blocks of 20 apart from the other tests' offsets.
    static int FreshOffset() => 14010 + Random.Shared.Next(0, 300) * 20;

    GlobalTablesProcess Start(IEnumerable<string> args, string? config = null)
    {
        var process = config is null ? CliProcess.Start(args, output.WriteLine) : GlobalTablesProcess.Start([.. args, "--config", config], output.WriteLine);
        _processes.Add(process);
        return process;
    }

    /// <summary>Runs one <c>globaltables</c> command to its end: its exit code and its lines.</summary>
    async Task<(int Exit, IReadOnlyList<string> Lines)> RunAsync(params string[] args)
    {
        using var process = GlobalTablesProcess.Start(args, output.WriteLine);
        var exit = await process.WaitForExitAsync(Deadline);
        return (exit, process.Output);
    }

    /// <summary>An up of us-east-1 and eu-west-2; on another offset if something outside this test holds one of its ports.</summary>
    Task<(GlobalTablesProcess Process, int Offset)> UpAsync() => CliProcess.StartServingAsync(FreshOffset,
        offset => ["up", "--only", "us-east-1", "--only", "eu-west-2", "--data", Path.Combine(_root, "data"), "--port-offset", offset.ToString(), "--no-latency"],
        Deadline, args => Start(args));

    static async Task<string> ServedByAsync(IAmazonDynamoDB viaDoor) =>
        (await viaDoor.GetItemAsync(new GetItemRequest("orders", new() { ["pk"] = new("where") }, consistentRead: true))).Item["region"].S;

    [Fact]
    public async Task Routing_set_switches_a_table_to_failover_for_the_next_request_and_refuses_a_bad_region_or_mode_with_exit_2()
    {
        var (up, offset) = await UpAsync();
        foreach (var (region, port) in new[] { ("us-east-1", 8001), ("eu-west-2", 8002) })
        {
            using var direct = LoopbackClient.For(port + offset, region);
            await direct.CreateTableAsync(new CreateTableRequest
            {
                TableName = "orders", BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            });
            await Poll.UntilAsync(async () => (await direct.DescribeTableAsync("orders")).Table.TableStatus == TableStatus.ACTIVE, Deadline, $"orders ACTIVE in {region}");
            await direct.PutItemAsync("orders", new() { ["pk"] = new("where"), ["region"] = new(region) });
        }
        using var viaDoor = LoopbackClient.For(8000 + offset, "us-east-1");
        Assert.Equal("us-east-1", await ServedByAsync(viaDoor));
        string[] door = ["--port-offset", offset.ToString()];

        var set = await RunAsync(["routing", "set", "--table", "orders", "--regions", "eu-west-2,us-east-1", .. door]);

        Assert.Equal(0, set.Exit);
        var row = Assert.Single(set.Lines, l => l.Contains("table orders"));
        Assert.True(row.IndexOf("eu-west-2", StringComparison.Ordinal) is > 0 and var first && first < row.IndexOf("us-east-1", StringComparison.Ordinal), row);
        Assert.Equal("eu-west-2", await ServedByAsync(viaDoor));
        var shown = await RunAsync(["routing", "--json", .. door]);
        Assert.Equal(0, shown.Exit);
        using (var routing = JsonDocument.Parse(string.Join('\n', shown.Lines)))
        {
            Assert.Equal("signing-region", routing.RootElement.GetProperty("mode").GetString());
            Assert.Equal(["eu-west-2", "us-east-1"], routing.RootElement.GetProperty("tables").GetProperty("orders").EnumerateArray().Select(r => r.GetString()));
        }

        var badRegion = await RunAsync(["routing", "set", "--table", "orders", "--regions", "eu-west-3", .. door]);
        var badMode = await RunAsync(["routing", "set", "--mode", "failvoer", "--regions", "eu-west-2", .. door]);
        var noRegions = await RunAsync(["routing", "set", "--table", "orders", .. door]);

        Assert.Equal(2, badRegion.Exit);
        Assert.Equal("globaltables: region \"eu-west-3\" in tables.orders is not a configured region: us-east-1, eu-west-2, ap-southeast-1", Assert.Single(badRegion.Lines));
        Assert.Equal(2, badMode.Exit);
        Assert.Equal("globaltables: mode \"failvoer\" is not a routing mode: signing-region or failover", Assert.Single(badMode.Lines));
        Assert.Equal(2, noRegions.Exit);
        Assert.Equal("globaltables: a table's or client's list needs --regions R1,R2, the regions to try in order", Assert.Single(noRegions.Lines));
        var after = await RunAsync(["routing", "--json", .. door]);
        Assert.Equal(shown.Lines, after.Lines);
        Assert.Equal("eu-west-2", await ServedByAsync(viaDoor));

        Assert.Equal(0, (await RunAsync(["routing", "set", "--table", "orders", "--remove", .. door])).Exit);
        Assert.Equal("us-east-1", await ServedByAsync(viaDoor));
        Assert.False(up.HasExited);
    }

    [Fact]
    public async Task Up_says_which_region_it_starts_and_where_each_serves_before_ready()
    {
        var (up, offset) = await UpAsync();

        var lines = up.Output.TakeWhile(l => l != "globaltables: ready").ToList();
        int At(string line) => lines.FindIndex(l => l == line);
        var said = new[]
        {
            At("starting us-east-1 ..."), At($"us-east-1 serving on http://127.0.0.1:{8001 + offset}/"),
            At("starting eu-west-2 ..."), At($"eu-west-2 serving on http://127.0.0.1:{8002 + offset}/"),
            At("starting front door ..."), At($"front door serving on http://127.0.0.1:{8000 + offset}/"),
        };
        Assert.DoesNotContain(-1, said);
        Assert.Equal(said.Order(), said);
    }

    [Fact]
    public async Task An_up_whose_routing_json_has_a_typo_exits_with_one_line_naming_the_file_and_the_bad_value()
    {
        var config = Path.Combine(_root, "checkout");
        foreach (var folder in new[] { "regions", "config" })
        {
            Directory.CreateDirectory(Path.Combine(config, folder));
            foreach (var source in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, folder)))
                File.Copy(source, Path.Combine(config, folder, Path.GetFileName(source)));
        }
        var routing = Path.Combine(config, "config", "routing.json");
        File.WriteAllText(routing, """{ "mode": "failover", "defaultRegions": ["eu-west-2", "us-east-1"], "tabels": {} }""");

        var refused = Start(["up", "--data", Path.Combine(_root, "data"), "--port-offset", FreshOffset().ToString()], config);

        Assert.Equal(1, await refused.WaitForExitAsync(Deadline));
        Assert.Equal($"globaltables: {routing}: unknown property \"tabels\"; the properties are mode, defaultRegions, tables, clients, healthCheckIntervalMs, healthCheckTimeoutMs",
            Assert.Single(refused.Output));
        Assert.False(Directory.Exists(Path.Combine(_root, "data")), "the refused up created its data folder");
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
