using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
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
    // Separate processes find each other at the configured ports, so this test takes a random block of them.
    readonly int _offset = 20000 + Random.Shared.Next(0, 2000) * 10;
    Process? _node;


    async Task StartNodeAsync()
    {
        var start = new ProcessStartInfo("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "globaltables.dll"), "node", "--region", "eu-west-2", "--port-offset", _offset.ToString(),
             "--data", Path.Combine(_root, "node"), "--no-latency", "--config", TestPaths.RepositoryRoot])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        _node = Process.Start(start)!;
        var ready = new TaskCompletionSource();
        _node.OutputDataReceived += (_, e) => { if (e.Data?.Contains("globaltables: ready") == true) ready.TrySetResult(); };
        _node.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine("node: " + e.Data); };
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    static AmazonDynamoDBClient Client(int port, string region) => new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        new AmazonDynamoDBConfig { ServiceURL = $"http://127.0.0.1:{port}/", AuthenticationRegion = region, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(5) });

    static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try { if (await done()) return; } catch (AmazonServiceException) { } catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Every_write_acknowledged_before_a_SIGKILL_survives_the_restart_and_is_replicated()
    {
        await using var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = Path.Combine(_root, "server"), ConfigRoot = TestPaths.RepositoryRoot, OnlyRegions = ["us-east-1"], PortOffset = _offset,
        });
        await StartNodeAsync();
        using var us = Client(8001 + _offset, "us-east-1");
        using var eu = Client(8002 + _offset, "eu-west-2");

        await us.CreateTableAsync(new CreateTableRequest
        {
            TableName = "killed", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await UntilAsync(async () => (await us.DescribeTableAsync("killed")).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(30), "table ACTIVE");
        await us.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "killed", ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = "eu-west-2" } }],
        });
        await UntilAsync(async () => (await eu.DescribeTableAsync("killed")).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(60), "replica in the node ACTIVE");

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
        await UntilAsync(() => Task.FromResult(acknowledged.Count >= 400), TimeSpan.FromSeconds(60), "400 writes acknowledged");
        _node!.Kill();
        await _node.WaitForExitAsync();
        stop.Cancel();
        await Task.WhenAll(writers);
        var written = acknowledged.ToHashSet();
        output.WriteLine($"{written.Count} writes acknowledged before SIGKILL");

        await StartNodeAsync();
        foreach (var pk in written)
        {
            var got = await eu.GetItemAsync(new GetItemRequest("killed", new() { ["pk"] = new(pk) }, consistentRead: true));
            Assert.True(got.IsItemSet, $"{pk} was acknowledged by eu-west-2 but is gone after the restart");
        }
        await UntilAsync(async () =>
        {
            foreach (var pk in written)
                if (!(await us.GetItemAsync(new GetItemRequest("killed", new() { ["pk"] = new(pk) }, consistentRead: true))).IsItemSet) return false;
            return true;
        }, TimeSpan.FromSeconds(60), "every acknowledged write replicated to us-east-1");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (_node is { HasExited: false }) _node.Kill(entireProcessTree: true);
        _node?.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
