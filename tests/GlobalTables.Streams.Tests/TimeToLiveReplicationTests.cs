using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Scenarios.Tests;
using static GlobalTables.Scenarios.Tests.ScenarioHost;
using Record = Amazon.DynamoDBv2.Model.Record;

namespace GlobalTables.Streams.Tests;

/// <summary>
/// Time to live on a global table (docs/time-to-live.md): the region of an item's last write deletes it, the delete
/// replicates, every replica's stream names DynamoDB as the deleter, and a concurrent write that extended the item's
/// time to live survives the delete in both regions. Settings settle after 1 s, partitions look every 300 ms.
/// </summary>
public sealed class TimeToLiveReplicationTests
{
    const string Settings = """
        globaltables.time-to-live.transition = 1s
        globaltables.time-to-live.scan-interval = 300ms
        """;

    static readonly long NowSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    static Dictionary<string, AttributeValue> Item(string pk, long expires, string v = "-") =>
        new() { ["pk"] = new AttributeValue(pk), ["v"] = new AttributeValue(v), ["expires"] = new AttributeValue { N = expires.ToString() } };

    static async Task<ScenarioHost> GlobalTableAsync(string table)
    {
        var host = await StartAsync([Us, Eu], simulateLatency: false, configOverrides: Settings);
        await host.CreateTableAsync(Us, table);
        await host.AddReplicaAsync(Us, table, Eu);
        return host;
    }

    /// <summary>Enables time to live in one region only: the setting belongs to each region's copy of the table.</summary>
    static async Task EnableAsync(ScenarioHost host, string region, string table)
    {
        var client = host.Client(region);
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table, TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = true, AttributeName = "expires" },
        });
        await UntilAsync(async () => (await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table }))
            .TimeToLiveDescription.TimeToLiveStatus == TimeToLiveStatus.ENABLED, TimeSpan.FromSeconds(20), () => "time to live never ENABLED");
    }

    static async Task<Dictionary<string, AttributeValue>?> GetAsync(ScenarioHost host, string region, string table, string pk)
    {
        var read = await host.Client(region).GetItemAsync(new GetItemRequest { TableName = table, Key = new() { ["pk"] = new AttributeValue(pk) }, ConsistentRead = true });
        return read.Item is { Count: > 0 } item ? item : null;
    }

    static async Task<List<Record>> RecordsAsync(ScenarioHost host, string region, string table) =>
        await StreamReading.ReadAllAsync(StreamsClients.For(host.Server.RegionEndpoints[region], region),
            await StreamReading.StreamArnAsync(host.Client(region), table));

    [Fact]
    public async Task The_region_of_the_last_write_deletes_and_every_stream_names_DynamoDB_as_the_deleter()
    {
        const string table = "expiring";
        await using var host = await GlobalTableAsync(table);
        await EnableAsync(host, Us, table);
        await host.Client(Us).PutItemAsync(table, Item("gone", NowSeconds - 60));
        await host.Client(Us).PutItemAsync(table, Item("kept", NowSeconds + 3600));
        // Last written in eu-west-2, whose copy has time to live disabled: us-east-1 leaves it to eu-west-2.
        await host.Client(Eu).PutItemAsync(table, Item("theirs", NowSeconds - 60));

        await UntilAsync(async () => await GetAsync(host, Us, table, "gone") is null && await GetAsync(host, Eu, table, "gone") is null,
            TimeSpan.FromSeconds(30), () => "the expired item is still in a region");
        await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));
        await host.WaitReplicationIdleAsync(TimeSpan.FromSeconds(30));
        foreach (var region in new[] { Us, Eu })
        {
            Assert.NotNull(await GetAsync(host, region, table, "kept"));
            Assert.NotNull(await GetAsync(host, region, table, "theirs"));
            var records = await RecordsAsync(host, region, table);
            var removed = Assert.Single(records, r => r.EventName == OperationType.REMOVE);
            Assert.Equal("gone", removed.Dynamodb.Keys["pk"].S);
            Assert.Equal(("Service", "dynamodb.amazonaws.com"), (removed.UserIdentity.Type, removed.UserIdentity.PrincipalId));
            Assert.Equal((NowSeconds - 60).ToString(), removed.Dynamodb.OldImage["expires"].N);
            Assert.All(records.Where(r => r.EventName != OperationType.REMOVE), r => Assert.Null(r.UserIdentity));
        }
    }

    [Fact]
    public async Task A_write_that_extended_the_time_to_live_survives_a_concurrent_delete_in_both_regions()
    {
        const string table = "extended";
        await using var host = await GlobalTableAsync(table);
        await host.Client(Us).PutItemAsync(table, Item("k", NowSeconds + 2, "first"));
        await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));

        // Cut apart, eu-west-2 extends the item's time to live while us-east-1, enabled now, deletes it once expired.
        host.Server.Isolate(Eu, true);
        await host.Client(Eu).PutItemAsync(table, Item("k", NowSeconds + 3600, "extended"));
        await EnableAsync(host, Us, table);
        await UntilAsync(async () => await GetAsync(host, Us, table, "k") is null, TimeSpan.FromSeconds(30), () => "us-east-1 never deleted the item");
        var delete = (await host.DumpAsync(Us, table)).Values.Single();
        var write = (await host.DumpAsync(Eu, table)).Values.Single();
        Assert.True(delete.Version > write.Version, "the delete has the higher Version, which plain last-writer-wins would keep");
        host.Server.Isolate(Eu, false);

        await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));
        foreach (var region in new[] { Us, Eu })
            Assert.Equal("extended", (await GetAsync(host, region, table, "k"))?["v"].S);
    }
}
