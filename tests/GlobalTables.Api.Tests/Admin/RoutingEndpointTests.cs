using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Admin;

/// <summary>us-east-1 and eu-west-2 behind a front door, each with its own tables "orders" and "invoices".</summary>
public sealed class RoutedRegions : IAsyncLifetime
{
    public ServerFixture Host { get; } = new() { Regions = ["us-east-1", "eu-west-2"] };

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        foreach (var region in new[] { "us-east-1", "eu-west-2" })
        {
            using var direct = Host.Client(region);
            foreach (var table in new[] { "orders", "invoices" })
            {
                await ServerFixture.CreateTableAsync(direct, table);
                await direct.PutItemAsync(table, new() { ["pk"] = new("where"), ["region"] = new(region) });
            }
        }
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>
/// /_admin/routing on a real host (us-east-1 and eu-west-2, SQLite in a temp folder, HTTP on loopback, the AWS SDK):
/// a change routes the next request through the front door, with no restart; a mode or region that is not valid is a
/// ValidationException naming the valid ones and changes nothing. Each region has its own tables (not global tables),
/// whose item says which region holds it, so an answer shows the region that served it. Each test leaves the routing as
/// it found it: the signing region for every table.
/// </summary>
public sealed class RoutingEndpointTests(RoutedRegions regions) : IClassFixture<RoutedRegions>, IDisposable
{
    const string Configured = "us-east-1, eu-west-2, ap-southeast-1";
    readonly HttpClient _http = new() { BaseAddress = regions.Host.Server.FrontDoorEndpoint };
    readonly AmazonDynamoDBClient _viaDoor = regions.Host.FrontDoorClient("us-east-1");

    public void Dispose()
    {
        _viaDoor.Dispose();
        _http.Dispose();
    }

    /// <summary>The region whose copy of <paramref name="table"/> answered a read through the front door signed for us-east-1.</summary>
    async Task<string> ServedByAsync(string table)
    {
        var got = await _viaDoor.GetItemAsync(new GetItemRequest(table, new() { ["pk"] = new("where") }, consistentRead: true));
        return got.Item["region"].S;
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, path));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }

    static List<string> Listed(JsonElement list) => list.EnumerateArray().Select(r => r.GetString()!).ToList();

    [Fact]
    public async Task A_table_switched_to_failover_at_run_time_is_served_by_the_first_region_of_its_list_from_the_next_request()
    {
        Assert.Equal("us-east-1", await ServedByAsync("orders"));

        var (status, routing) = await SendAsync(HttpMethod.Post, "/_admin/routing/tables/orders?regions=eu-west-2,us-east-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["eu-west-2", "us-east-1"], Listed(routing.GetProperty("tables").GetProperty("orders")));
        Assert.Equal("eu-west-2", await ServedByAsync("orders"));
        // Another table still routes by the signing region.
        Assert.Equal("us-east-1", await ServedByAsync("invoices"));

        (status, routing) = await SendAsync(HttpMethod.Delete, "/_admin/routing/tables/orders");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(routing.GetProperty("tables").TryGetProperty("orders", out _));
        Assert.Equal("us-east-1", await ServedByAsync("orders"));
    }

    [Fact]
    public async Task The_default_switched_to_failover_sends_every_table_to_its_list_and_back_to_the_signing_region()
    {
        var (status, routing) = await SendAsync(HttpMethod.Post, "/_admin/routing/default?mode=failover&regions=eu-west-2,us-east-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("failover", routing.GetProperty("mode").GetString());
        Assert.Equal(["eu-west-2", "us-east-1"], Listed(routing.GetProperty("defaultRegions")));
        Assert.Equal("eu-west-2", await ServedByAsync("orders"));
        Assert.Equal("eu-west-2", await ServedByAsync("invoices"));

        (status, routing) = await SendAsync(HttpMethod.Post, "/_admin/routing/default?mode=signing-region");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("signing-region", routing.GetProperty("mode").GetString());
        Assert.Equal("us-east-1", await ServedByAsync("orders"));
    }

    [Theory]
    [InlineData("POST", "/_admin/routing/tables/orders?regions=eu-west-2,eu-west-3", "region \"eu-west-3\" in tables.orders is not a configured region: " + Configured)]
    [InlineData("POST", "/_admin/routing/clients/AKIDEXAMPLE?regions=mars-north-1", "region \"mars-north-1\" in clients.AKIDEXAMPLE is not a configured region: " + Configured)]
    [InlineData("POST", "/_admin/routing/default?mode=failvoer&regions=eu-west-2", "mode \"failvoer\" is not a routing mode: signing-region or failover")]
    [InlineData("POST", "/_admin/routing/default?mode=failover&regions=", "mode \"failover\" needs defaultRegions, the regions to try in order")]
    [InlineData("POST", "/_admin/routing/tables/orders?regions=", "tables.orders lists no region; name one or more of " + Configured)]
    [InlineData("POST", "/_admin/routing/tables/orders?mode=signing-region&regions=eu-west-2",
        "mode \"signing-region\" does not apply to tables: their lists are always failover; DELETE one to route it by the default again")]
    [InlineData("POST", "/_admin/routing/default", "give mode=signing-region|failover, regions=R1,R2 or both")]
    public async Task A_mode_or_region_that_is_not_valid_is_a_ValidationException_naming_the_valid_ones_and_changes_nothing(string method, string path, string message)
    {
        await SendAsync(HttpMethod.Post, "/_admin/routing/tables/invoices?regions=eu-west-2");
        var (_, before) = await SendAsync(HttpMethod.Get, "/_admin/routing");

        var (status, error) = await SendAsync(new HttpMethod(method), path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazon.coral.validate#ValidationException", error.GetProperty("__type").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        var (_, after) = await SendAsync(HttpMethod.Get, "/_admin/routing");
        Assert.Equal(before.GetRawText(), after.GetRawText());
        Assert.Equal("us-east-1", await ServedByAsync("orders"));
        Assert.Equal("eu-west-2", await ServedByAsync("invoices"));
        await SendAsync(HttpMethod.Delete, "/_admin/routing/tables/invoices");
    }
}
