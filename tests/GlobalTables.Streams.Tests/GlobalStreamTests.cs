using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Scenarios.Tests;
using static GlobalTables.Scenarios.Tests.ScenarioHost;
using Record = Amazon.DynamoDBv2.Model.Record;

namespace GlobalTables.Streams.Tests;

/// <summary>Each replica's stream carries every write applied there, local or replicated, once; a write that lost carries none where it lost.</summary>
public sealed class GlobalStreamTests
{
    static IAmazonDynamoDBStreams Streams(ScenarioHost host, string region) => StreamsClients.For(host.Server.RegionEndpoints[region], region);

    static Dictionary<string, AttributeValue> Item(string pk, string v) => new() { ["pk"] = new AttributeValue(pk), ["v"] = new AttributeValue(v) };

    static async Task<List<Record>> ReadAsync(ScenarioHost host, string region, string table) =>
        await StreamReading.ReadAllAsync(Streams(host, region), await StreamReading.StreamArnAsync(host.Client(region), table));

    static IEnumerable<string> History(IEnumerable<Record> records) => records
        .Select(r => $"{r.EventName.Value} {r.Dynamodb.Keys["pk"].S} {(r.Dynamodb.OldImage is { Count: > 0 } o ? o["v"].S : "-")} -> {(r.Dynamodb.NewImage is { Count: > 0 } n ? n["v"].S : "-")}")
        .Order(StringComparer.Ordinal);

    [Fact]
    public async Task The_replica_stream_carries_each_replicated_write_once()
    {
        await using var host = await StartAsync([Us, Eu], simulateLatency: false);
        const string table = "streamed";
        await host.CreateTableAsync(Us, table);
        await host.AddReplicaAsync(Us, table, Eu);
        var us = host.Client(Us);
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            await us.PutItemAsync(table, Item($"k{i}", "a"));
            await us.PutItemAsync(table, Item($"k{i}", "b"));
            if (i % 4 == 0) await us.DeleteItemAsync(table, new() { ["pk"] = new AttributeValue($"k{i}") });
        });
        await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));
        await host.WaitReplicationIdleAsync(TimeSpan.FromSeconds(30));

        var source = await ReadAsync(host, Us, table);
        var replica = await ReadAsync(host, Eu, table);
        Assert.Equal(225, source.Count);
        Assert.Equal(History(source), History(replica));
        Assert.All(replica, r => Assert.Equal(Eu, r.AwsRegion));
        Assert.All(replica, r => Assert.Equal("NEW_AND_OLD_IMAGES", r.Dynamodb.StreamViewType.Value));
    }

    [Fact]
    public async Task A_write_that_lost_under_last_writer_wins_makes_no_record_where_it_lost()
    {
        await using var host = await StartAsync([Us, Eu], simulateLatency: false);
        const string table = "contested";
        await host.CreateTableAsync(Us, table);
        await host.AddReplicaAsync(Us, table, Eu);

        // Cut apart, each region writes the same key; eu-west-2 writes later, so its write wins everywhere.
        host.Server.Isolate(Eu, true);
        await host.Client(Us).PutItemAsync(table, Item("x", "from-us"));
        // The later write needs a later clock reading than the first one's stamp.
        var stamp = (await host.DumpAsync(Us, table)).Values.Single().Version.Stamp.PhysicalMs;
        await UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > stamp), TimeSpan.FromSeconds(5), () => "the clock stood still");
        await host.Client(Eu).PutItemAsync(table, Item("x", "from-eu"));
        host.Server.Isolate(Eu, false);
        await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));
        await host.WaitReplicationIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(await host.Node(Eu).LostUpdatesAsync(table), l => l.Key.PartitionKey.S == "x");

        // us-east-1 saw its own write and then the winner replace it; eu-west-2 saw only its own write.
        Assert.Equal(["INSERT x - -> from-us", "MODIFY x from-us -> from-eu"], History(await ReadAsync(host, Us, table)));
        Assert.Equal(["INSERT x - -> from-eu"], History(await ReadAsync(host, Eu, table)));
    }
}
