using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Testing;
using HttpListener = GlobalTables.Api.Hosting.HttpListener;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Tests.Hosting;

/// <summary>
/// A front door whose process hosts only us-east-1, with eu-west-2 in a second server on fresh ports: requests signed
/// for eu-west-2 are forwarded there unchanged, across the region's nodes, and a region with no live node is refused
/// as a down region is.
/// </summary>
public sealed class RemoteRegionTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    // eu-west-2 checks signatures (strict), with config/iam.json's key, so a forwarded request passes only if unchanged.
    const string AccessKey = "AKIAGLOBALTABLESDEV1";
    const string SecretKey = "globaltables/development/secret/key00000";

    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-tests", Guid.NewGuid().ToString("N"));
    readonly RecordedLogs _logs = new();
    readonly List<IAsyncDisposable> _started = [];
    GlobalTablesServer _london = null!;

    Uri London => _london.RegionEndpoints["eu-west-2"];

    public async Task InitializeAsync() => _london = await StartAsync(new ServerOptions
    {
        DataRoot = Path.Combine(_root, "london"), ConfigRoot = ServerFixture.RepositoryRoot, OnlyRegions = ["eu-west-2"],
        EphemeralPorts = true, FrontDoor = false, AuthMode = GlobalTables.Api.Auth.AuthMode.Strict,
    });

    async Task<GlobalTablesServer> StartAsync(ServerOptions options)
    {
        var server = await GlobalTablesServer.StartAsync(options, _logs.Factory());
        _started.Add(server);
        return server;
    }

    /// <summary>A front door hosting us-east-1 that reaches eu-west-2 at <paramref name="endpoints"/>.</summary>
    Task<GlobalTablesServer> FrontDoorAsync(IEnumerable<Uri> endpoints, FrontDoorRouting? routing = null) => StartAsync(new ServerOptions
    {
        DataRoot = Path.Combine(_root, "door"), ConfigRoot = ServerFixture.RepositoryRoot, OnlyRegions = ["us-east-1"], EphemeralPorts = true,
        FrontDoorSettings = new FrontDoorSettings { RemoteRegions = new() { ["eu-west-2"] = [.. endpoints] } },
        Routing = routing,
    });

    static AmazonDynamoDBClient Client(Uri endpoint, string region, string secret = SecretKey) => new(new BasicAWSCredentials(AccessKey, secret),
        new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(10) });

    [Fact]
    public async Task A_request_signed_for_a_region_in_another_server_is_forwarded_unchanged_and_so_is_the_answer()
    {
        var door = await FrontDoorAsync([London]);
        var viaDoor = Client(door.FrontDoorEndpoint, "eu-west-2");

        await ServerFixture.CreateTableAsync(viaDoor, "Remote");
        var put = await viaDoor.PutItemAsync("Remote", new() { ["pk"] = new("a"), ["n"] = new() { N = "7" } });
        var got = await viaDoor.GetItemAsync(new GetItemRequest("Remote", new() { ["pk"] = new("a") }, consistentRead: true));

        Assert.Equal(HttpStatusCode.OK, put.HttpStatusCode);
        Assert.False(string.IsNullOrEmpty(got.ResponseMetadata.RequestId)); // x-amzn-RequestId came back
        Assert.Equal("7", got.Item["n"].N);
        Assert.Contains("Remote", (await Client(London, "eu-west-2").ListTablesAsync(new ListTablesRequest())).TableNames);
        Assert.DoesNotContain("Remote", (await Client(door.FrontDoorEndpoint, "us-east-1").ListTablesAsync(new ListTablesRequest())).TableNames ?? []);
        var missing = await Assert.ThrowsAsync<ResourceNotFoundException>(() => viaDoor.DescribeTableAsync("Absent"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        // The region, not the front door, checks the signature: a wrong secret is refused there.
        var forged = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => Client(door.FrontDoorEndpoint, "eu-west-2", "wrong").ListTablesAsync(new ListTablesRequest()));
        Assert.Equal("InvalidSignatureException", forged.ErrorCode);
    }

    [Fact]
    public async Task A_node_that_refuses_connections_is_skipped_for_the_next_one_and_logged_once()
    {
        // A second "node" that passes the first health check, then goes away: health checks are too rare here to
        // notice, so the requests sent to it are refused and retried on the live node.
        var health = $"healthy: dynamodb.eu-west-2.amazonaws.com ";
        var dying = await HttpListener.StartAsync(0, http => http.Response.WriteAsync(health), _logs.Factory());
        var dyingEndpoint = dying.Endpoint;
        var door = await FrontDoorAsync([dyingEndpoint, London], new FrontDoorRouting { HealthCheckIntervalMs = 600_000 });
        var node = door.Router.Remotes.Single().Nodes[0];
        await Poll(() => node.CheckedAt > 0, "the first health check");
        Assert.True(node.Healthy);
        await dying.DisposeAsync();

        var viaDoor = Client(door.FrontDoorEndpoint, "eu-west-2");
        await ServerFixture.CreateTableAsync(viaDoor, "Failover");
        for (var i = 0; i < 10; i++) await viaDoor.PutItemAsync("Failover", new() { ["pk"] = new($"k{i}") });
        var scan = await viaDoor.ScanAsync(new ScanRequest("Failover") { ConsistentRead = true });

        Assert.Equal(10, scan.Count);
        Assert.Equal(1, _logs.Count($"{dyingEndpoint} is unhealthy"));
    }

    [Fact]
    public async Task A_request_a_node_took_and_dropped_is_not_sent_to_another_node()
    {
        // A "node" that is healthy but drops every request after reading it: the write may have been applied there,
        // so the live node must not get it too.
        var taken = 0;
        await using var dropping = await HttpListener.StartAsync(0, async http =>
        {
            if (!HttpMethods.IsPost(http.Request.Method))
            {
                await http.Response.WriteAsync("healthy: dynamodb.eu-west-2.amazonaws.com ");
                return;
            }
            await http.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref taken);
            http.Abort();
        }, _logs.Factory());
        await ServerFixture.CreateTableAsync(Client(London, "eu-west-2"), "Dropped");
        // The first request starts at the first node listed.
        var door = await FrontDoorAsync([dropping.Endpoint, London], new FrontDoorRouting { HealthCheckIntervalMs = 600_000 });

        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() =>
            Client(door.FrontDoorEndpoint, "eu-west-2").PutItemAsync("Dropped", new() { ["pk"] = new("once") }));

        Assert.Equal("ServiceUnavailableException", e.ErrorCode);
        Assert.Equal("The region eu-west-2 failed before answering; the request may have been applied", e.Message);
        Assert.Equal(1, taken);
        Assert.Equal(0, (await Client(London, "eu-west-2").ScanAsync(new ScanRequest("Dropped") { ConsistentRead = true })).Count);
        Assert.False(door.Router.Remotes.Single().Nodes[0].Healthy);
    }

    [Fact]
    public async Task A_dead_node_is_found_by_the_health_checks_and_logged_once_each_way()
    {
        var health = $"healthy: dynamodb.eu-west-2.amazonaws.com ";
        var dead = ClosedPort.Endpoint();
        var door = await FrontDoorAsync([dead, London], new FrontDoorRouting { HealthCheckIntervalMs = 20 });
        var remote = door.Router.Remotes.Single();
        await Poll(() => !remote.Nodes[0].Healthy, "the dead node found unhealthy");

        var viaDoor = Client(door.FrontDoorEndpoint, "eu-west-2");
        await ServerFixture.CreateTableAsync(viaDoor, "Checked");
        await viaDoor.PutItemAsync("Checked", new() { ["pk"] = new("x") });
        Assert.True((await viaDoor.GetItemAsync(new GetItemRequest("Checked", new() { ["pk"] = new("x") }, consistentRead: true))).IsItemSet);

        // The node comes up at that address: healthy again, and said so once, however many checks ran.
        await using var revived = await HttpListener.StartAsync(dead.Port, http => http.Response.WriteAsync(health), _logs.Factory());
        await Poll(() => remote.Nodes[0].Healthy, "the revived node found healthy");
        for (var i = 0; i < 5; i++)
        {
            var since = Environment.TickCount64;
            await Poll(() => remote.Nodes[0].CheckedAt > since, "another health check");
        }
        Assert.Equal(1, _logs.Count($"{dead} is unhealthy"));
        Assert.Equal(1, _logs.Count($"{dead} is healthy again"));
    }

    [Fact]
    public async Task A_region_whose_every_node_is_dead_answers_ServiceUnavailable_as_a_down_region_does()
    {
        var door = await FrontDoorAsync([ClosedPort.Endpoint(), ClosedPort.Endpoint()]);
        var viaDoor = Client(door.FrontDoorEndpoint, "eu-west-2");

        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => viaDoor.ListTablesAsync(new ListTablesRequest()));
        Assert.Equal("ServiceUnavailableException", e.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal("The region eu-west-2 is unavailable", e.Message);
    }

    [Fact]
    public async Task Failover_mode_sends_requests_to_a_remote_region_first_in_its_list_and_moves_on_when_it_dies()
    {
        var door = await FrontDoorAsync([London], new FrontDoorRouting { Mode = "failover", DefaultRegions = ["eu-west-2", "us-east-1"], HealthCheckIntervalMs = 50 });
        await ServerFixture.CreateTableAsync(Client(door.RegionEndpoints["us-east-1"], "us-east-1"), "OnlyInVirginia");
        var viaDoor = Client(door.FrontDoorEndpoint, "us-east-1");

        await ServerFixture.CreateTableAsync(viaDoor, "OnlyInLondon");
        Assert.Contains("OnlyInLondon", (await Client(London, "eu-west-2").ListTablesAsync(new ListTablesRequest())).TableNames);

        await _london.DisposeAsync();
        var tables = await viaDoor.ListTablesAsync(new ListTablesRequest());
        Assert.Equal(["OnlyInVirginia"], tables.TableNames);
    }

    static Task Poll(Func<bool> done, string what) => Eventually.UntilAsync(done, what, TimeSpan.FromSeconds(20));

    public async Task DisposeAsync()
    {
        foreach (var message in _logs.Messages.Where(m => !m.StartsWith("Information", StringComparison.Ordinal))) output.WriteLine(message);
        foreach (var server in _started) await server.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
