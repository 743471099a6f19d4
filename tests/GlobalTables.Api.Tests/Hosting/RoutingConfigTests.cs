using GlobalTables.Api.Hosting;

namespace GlobalTables.Api.Tests.Hosting;

/// <summary>
/// config/routing.json and config/frontdoor.json as written by hand: a typo in a property, a mode or a region refuses
/// the start with one line naming the file and the bad value, before any region opens its data. Before, the typo was
/// dropped and the front door routed by the signing region unnoticed.
/// </summary>
public sealed class RoutingConfigTests : IDisposable
{
    const string Configured = "us-east-1, eu-west-2, ap-southeast-1";
    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-tests", Guid.NewGuid().ToString("N"));
    string ConfigRoot => Path.Combine(_root, "checkout");
    string DataRoot => Path.Combine(_root, "data");

    /// <summary>A copy of the repository's regions/ and config/ with <paramref name="file"/> of config/ replaced.</summary>
    void WriteConfig(string file, string json)
    {
        foreach (var folder in new[] { "regions", "config" })
        {
            Directory.CreateDirectory(Path.Combine(ConfigRoot, folder));
            foreach (var source in Directory.GetFiles(Path.Combine(ServerFixture.RepositoryRoot, folder)))
                File.Copy(source, Path.Combine(ConfigRoot, folder, Path.GetFileName(source)));
        }
        File.WriteAllText(Path.Combine(ConfigRoot, "config", file), json);
    }

    Task<GlobalTablesServer> StartAsync() => GlobalTablesServer.StartAsync(new ServerOptions
    {
        DataRoot = DataRoot, ConfigRoot = ConfigRoot, OnlyRegions = ["us-east-1"], EphemeralPorts = true,
    });

    [Theory]
    [InlineData("""{ "mode": "failover", "defaultRegions": ["eu-west-2"], "tabels": { "orders": ["eu-west-2"] } }""",
        "unknown property \"tabels\"; the properties are mode, defaultRegions, tables, clients, healthCheckIntervalMs, healthCheckTimeoutMs")]
    [InlineData("""{ "mode": "fail-over", "defaultRegions": ["eu-west-2"] }""", "mode \"fail-over\" is not a routing mode: signing-region or failover")]
    [InlineData("""{ "mode": "failover" }""", "mode \"failover\" needs defaultRegions, the regions to try in order")]
    [InlineData("""{ "tables": { "orders": ["eu-west-2", "eu-west-3"] } }""", "region \"eu-west-3\" in tables.orders is not a configured region: " + Configured)]
    [InlineData("""{ "clients": { "AKIDEXAMPLE": ["us-east1"] } }""", "region \"us-east1\" in clients.AKIDEXAMPLE is not a configured region: " + Configured)]
    public async Task A_routing_json_with_a_typo_refuses_the_start_with_one_line_naming_the_file_and_the_bad_value(string json, string problem)
    {
        WriteConfig("routing.json", json);

        var refused = await Assert.ThrowsAsync<ConfigFileException>(StartAsync);

        Assert.Equal($"{Path.Combine(ConfigRoot, "config", "routing.json")}: {problem}", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.False(Directory.Exists(DataRoot), "the refused start created its data folder");
    }

    [Fact]
    public async Task A_frontdoor_json_with_an_unknown_property_refuses_the_start_the_same_way()
    {
        WriteConfig("frontdoor.json", """{ "port": 8000, "remoteRegion": { "eu-west-2": ["http://127.0.0.1:8002/"] } }""");

        var refused = await Assert.ThrowsAsync<ConfigFileException>(StartAsync);

        Assert.Equal($"{Path.Combine(ConfigRoot, "config", "frontdoor.json")}: unknown property \"remoteRegion\"; the properties are port, remoteRegions, connectTimeoutMs",
            refused.Message);
        Assert.False(Directory.Exists(DataRoot));
    }

    [Fact]
    public async Task A_routing_json_in_failover_mode_with_comments_starts_and_is_the_routing_in_force()
    {
        WriteConfig("routing.json", """
            // Comments are allowed.
            { "mode": "failover", "defaultRegions": ["us-east-1"], "tables": { "orders": ["us-east-1"] }, "clients": {}, "healthCheckIntervalMs": 100 }
            """);

        await using var server = await StartAsync();

        Assert.Equal(new[] { "us-east-1" }, server.Router.Routing.DefaultRegions);
        Assert.Equal(FrontDoorRouting.Failover, server.Router.Routing.Mode);
        Assert.Equal(100, server.Router.Routing.HealthCheckIntervalMs);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
