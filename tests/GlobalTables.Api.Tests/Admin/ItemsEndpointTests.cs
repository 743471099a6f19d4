using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Admin;

/// <summary>
/// GET /_admin/items and GET /_admin/tables on a real host (SQLite in a temp folder, HTTP on loopback): items in key
/// order with their Version and Context, a Query of a number partition key, the limit, and refusals in DynamoDB's
/// error types.
/// </summary>
public sealed class ItemsEndpointTests : IAsyncLifetime
{
    readonly ServerFixture _host = new();
    readonly HttpClient _http = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string pathAndQuery)
    {
        using var response = await _http.GetAsync(new Uri(_host.Server.FrontDoorEndpoint, pathAndQuery));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.Clone());
    }

    [Fact]
    public async Task Items_come_in_key_order_with_their_Version_and_a_Query_reads_one_partition_key()
    {
        var client = _host.Client();
        await ServerFixture.CreateTableAsync(client, "Readings", "device", ScalarAttributeType.N, "at");
        foreach (var (device, at) in new[] { (2, "b"), (10, "a"), (2, "a") })
            await client.PutItemAsync("Readings", new() { ["device"] = new() { N = device.ToString() }, ["at"] = new(at) });
        await client.DeleteItemAsync("Readings", new() { ["device"] = new() { N = "10" }, ["at"] = new("a") });
        var node = _host.Server.Regions[0];
        var stored = (await node.DumpAsync(node.Tables.Find("Readings")!)).Where(e => !e.Item.IsTombstone)
            .ToDictionary(e => $"{e.Key.PartitionKey.N}/{e.Key.SortKey!.S}", e => e.Item);

        var (status, scan) = await GetAsync("/_admin/items?region=us-east-1&table=Readings");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Scan", scan.GetProperty("operation").GetString());
        var keys = scan.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("key").GetProperty("device").GetProperty("N").GetString()}/{i.GetProperty("key").GetProperty("at").GetProperty("S").GetString()}")
            .ToList();
        // The deleted item's tombstone is left out; 2 before 10, as numbers order.
        Assert.Equal(["2/a", "2/b"], keys);
        var first = scan.GetProperty("items")[0];
        Assert.Equal(stored["2/a"].Version.ToString(), first.GetProperty("version").GetString());
        Assert.Equal(stored["2/a"].Context.ToString(), first.GetProperty("context").GetString());
        Assert.Equal("a", first.GetProperty("item").GetProperty("at").GetProperty("S").GetString());
        Assert.False(scan.GetProperty("truncated").GetBoolean());

        var (_, query) = await GetAsync("/_admin/items?region=us-east-1&table=Readings&partitionKey=2.0&limit=1");
        Assert.Equal("Query", query.GetProperty("operation").GetString());
        Assert.Equal(stored["2/a"].Version.ToString(), Assert.Single(query.GetProperty("items").EnumerateArray()).GetProperty("version").GetString());
        Assert.True(query.GetProperty("truncated").GetBoolean());

        var (_, tables) = await GetAsync("/_admin/tables");
        var readings = Assert.Single(tables.EnumerateArray(), t => t.GetProperty("table").GetString() == "Readings");
        Assert.Equal("ACTIVE", readings.GetProperty("status").GetString());
        Assert.Equal("device", readings.GetProperty("partitionKey").GetString());
        Assert.Equal("at", readings.GetProperty("sortKey").GetString());
        Assert.Equal(0, readings.GetProperty("replicas").GetArrayLength());
    }

    [Theory]
    [InlineData("region=eu-west-2&table=Readings", "ResourceNotFoundException")]
    [InlineData("region=us-east-1&table=Missing", "ResourceNotFoundException")]
    [InlineData("region=us-east-1&table=Readings&limit=0", "ValidationException")]
    [InlineData("region=us-east-1&table=Readings&limit=1001", "ValidationException")]
    [InlineData("region=us-east-1&table=Readings&partitionKey=two", "ValidationException")]
    public async Task A_request_it_cannot_answer_gets_DynamoDBs_error_type(string query, string type)
    {
        await ServerFixture.CreateTableAsync(_host.Client(), "Readings", "device", ScalarAttributeType.N);
        var (status, body) = await GetAsync("/_admin/items?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.EndsWith("#" + type, body.GetProperty("__type").GetString());
    }
}
