using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Hosting;
using GlobalTables.Testing;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Faults;

/// <summary>
/// A front door whose process hosts only us-east-1 reaches eu-west-2 in a <c>globaltables node</c> process, listed in
/// the front door's settings after a dead endpoint. A SIGKILL of the node makes the region unavailable, with
/// DynamoDB's ServiceUnavailableException, and the restarted node is found by the health checks and served again.
/// </summary>
public sealed class FrontDoorToNodeProcessTests(ITestOutputHelper output) : IDisposable
{
    GlobalTablesProcess? _node;
    // The node listens at its configured port plus this offset: a random block below the other tests' (10000 and up)
    // and below the system's ephemeral ports.
    readonly int _offset = 1000 + Random.Shared.Next(0, 700) * 10;
    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-frontdoor", Guid.NewGuid().ToString("N"));

    string NodeData => Path.Combine(_root, "node");

    [Fact]
    public async Task The_front_door_serves_a_region_in_a_node_process_fails_over_past_a_dead_endpoint_and_refuses_while_the_node_is_down()
    {
        _node = await CliProcess.StartNodeAsync("eu-west-2", _offset, NodeData, output);
        var node = new Uri($"http://127.0.0.1:{8002 + _offset}/");
        await using var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = Path.Combine(_root, "server"), ConfigRoot = TestPaths.RepositoryRoot, OnlyRegions = ["us-east-1"], PortOffset = _offset,
            FrontDoorSettings = new FrontDoorSettings { Port = 8000, RemoteRegions = new() { ["eu-west-2"] = [ClosedPort.Endpoint(), node] } },
            Routing = new FrontDoorRouting { HealthCheckIntervalMs = 100 },
        });
        using var viaDoor = LoopbackClient.For(server.FrontDoorEndpoint.Port, "eu-west-2");

        await viaDoor.CreateTableAsync(new CreateTableRequest
        {
            TableName = "forwarded", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await Poll.UntilAsync(async () => (await viaDoor.DescribeTableAsync("forwarded")).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(30), "table ACTIVE");
        for (var i = 0; i < 20; i++) await viaDoor.PutItemAsync("forwarded", new() { ["pk"] = new($"k{i}"), ["n"] = new() { N = i.ToString() } });
        using (var direct = LoopbackClient.For(8002 + _offset, "eu-west-2"))
            Assert.Equal("7", (await direct.GetItemAsync(new GetItemRequest("forwarded", new() { ["pk"] = new("k7") }, consistentRead: true))).Item["n"].N);

        _node.Kill();
        await _node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var down = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => viaDoor.GetItemAsync(new GetItemRequest("forwarded", new() { ["pk"] = new("k7") })));
        Assert.Equal("ServiceUnavailableException", down.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);

        _node.Dispose();
        _node = await CliProcess.StartNodeAsync("eu-west-2", _offset, NodeData, output);
        var got = await Poll.AnswerAsync(() => viaDoor.GetItemAsync(new GetItemRequest("forwarded", new() { ["pk"] = new("k7") }, consistentRead: true)),
            TimeSpan.FromSeconds(30), "the front door serving eu-west-2 again");
        Assert.Equal("7", got.Item["n"].N);
    }

    public void Dispose()
    {
        _node?.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
