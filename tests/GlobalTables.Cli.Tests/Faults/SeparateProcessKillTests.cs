using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Hosting;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Faults;

/// <summary>
/// eu-west-2 runs as its own process (globaltables node) beside an in-process us-east-1, is killed with
/// SIGKILL in the middle of a write load, and restarts from its SQLite files: every acknowledged write
/// is still there, and replicated.
/// </summary>
public sealed class SeparateProcessKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-kill", Guid.NewGuid().ToString("N"));
    // Separate processes find each other at the configured ports, so this test takes a random block of them, below
    // Linux's ephemeral ports (32768 and up), where any outgoing connection may hold one for a while.
    int _offset;
    GlobalTablesProcess? _node;

    /// <summary>us-east-1 in this process, on another block of ports if something outside this test holds one of these.</summary>
    async Task<GlobalTablesServer> StartServerAsync()
    {
        for (int attempt = 1; ; attempt++)
        {
            _offset = 20000 + Random.Shared.Next(0, 370) * 10;
            try
            {
                return await GlobalTablesServer.StartAsync(new ServerOptions
                {
                    DataRoot = Path.Combine(_root, "server"), ConfigRoot = TestPaths.RepositoryRoot, OnlyRegions = ["us-east-1"], PortOffset = _offset,
                });
            }
            catch (PortInUseException) when (attempt < 5)
            {
                output.WriteLine($"port offset {_offset} is in use; trying another");
            }
        }
    }

    async Task StartNodeAsync()
    {
        _node?.Dispose();
        _node = CliProcess.Start(["node", "--region", "eu-west-2", "--port-offset", _offset.ToString(), "--data", Path.Combine(_root, "node"), "--no-latency"],
            line => output.WriteLine("node: " + line));
        await _node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Every_write_acknowledged_before_a_SIGKILL_survives_the_restart_and_is_replicated()
    {
        await using var server = await StartServerAsync();
        // us-east-1 logs to this process's console, which a test run does not show: its warnings go with the node's.
        server.Regions[0].System.EventStream.Subscribe(server.Regions[0].System.ActorOf(Props.Create(() => new WarningsToOutput(output, "us-east-1: "))), typeof(Warning));
        await StartNodeAsync();
        using var us = LoopbackClient.For(8001 + _offset, "us-east-1");
        using var eu = LoopbackClient.For(8002 + _offset, "eu-west-2");

        await us.CreateTableAsync(new CreateTableRequest
        {
            TableName = "killed", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await Poll.UntilAsync(async () => (await us.DescribeTableAsync("killed")).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(30), "table ACTIVE");
        await us.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "killed", ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = "eu-west-2" } }],
        });
        await Poll.UntilAsync(async () => (await eu.DescribeTableAsync("killed")).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(60), "replica in the node ACTIVE");

        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                var pk = $"w{w}-{i}";
                try
                {
                    await eu.PutItemAsync("killed", new() { ["pk"] = new(pk), ["n"] = new() { N = i.ToString() } });
                    acknowledged.Add(pk);
                }
                catch (Exception) when (stop.IsCancellationRequested || _node!.HasExited) { return; }
                catch (Exception) { await Task.Delay(10); }
            }
        })).ToList();
        await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count >= 400), TimeSpan.FromSeconds(60), "400 writes acknowledged");
        _node!.Kill();
        await _node.WaitForExitAsync(TimeSpan.FromSeconds(30));
        stop.Cancel();
        await Task.WhenAll(writers);
        var written = acknowledged.ToHashSet();
        output.WriteLine($"{written.Count} writes acknowledged before SIGKILL");

        await StartNodeAsync();
        foreach (var pk in written)
        {
            var got = await Poll.AnswerAsync(() => eu.GetItemAsync(new GetItemRequest("killed", new() { ["pk"] = new(pk) }, consistentRead: true)),
                TimeSpan.FromSeconds(30), $"eu-west-2 answering a read of {pk} after the restart");
            Assert.True(got.IsItemSet, $"{pk} was acknowledged by eu-west-2 but is gone after the restart");
        }
        // Keys found in us-east-1 are not asked again; if some never arrive, the failure says which, and how the links stand.
        var missing = new HashSet<string>(written);
        try
        {
            await Poll.UntilAsync(async () =>
            {
                foreach (var pk in missing.ToList())
                    if ((await us.GetItemAsync(new GetItemRequest("killed", new() { ["pk"] = new(pk) }, consistentRead: true))).IsItemSet) missing.Remove(pk);
                return missing.Count == 0;
            }, TimeSpan.FromSeconds(60), "every acknowledged write replicated to us-east-1");
        }
        catch (TimeoutException)
        {
            output.WriteLine($"{missing.Count} of {written.Count} writes missing in us-east-1, among them {string.Join(", ", missing.Take(10))}");
            using var http = new HttpClient();
            output.WriteLine($"us-east-1's /_admin/regions: {await http.GetStringAsync(new Uri(server.FrontDoorEndpoint, "/_admin/regions"))}");
            throw;
        }
    }

    /// <summary>Writes a region's warnings to the test's output, while the test runs.</summary>
    sealed class WarningsToOutput : ReceiveActor
    {
        public WarningsToOutput(ITestOutputHelper output, string prefix) =>
            Receive<Warning>(w =>
            {
                try { output.WriteLine($"{prefix}[{w.Timestamp:HH:mm:ss.fff}] {w.Message}"); }
                catch (InvalidOperationException) { } // the test has ended
            });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _node?.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
