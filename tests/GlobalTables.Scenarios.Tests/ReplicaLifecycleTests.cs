using GlobalTables.Region.Configuration;
using GlobalTables.Testing;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Model.Items;
using static GlobalTables.Scenarios.Tests.ScenarioHost;
using AttributeValue = Amazon.DynamoDBv2.Model.AttributeValue;

namespace GlobalTables.Scenarios.Tests;

public sealed class ReplicaLifecycleTests(ITestOutputHelper output, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    static Dictionary<string, AttributeValue> Key(string pk) => new() { ["pk"] = new() { S = pk } };

    static async Task<string?> ReadVAsync(ScenarioHost host, string region, string table, string pk)
    {
        var r = await host.Client(region).GetItemAsync(new GetItemRequest { TableName = table, Key = Key(pk), ConsistentRead = true });
        return r.Item is { Count: > 0 } item && item.TryGetValue("v", out var v) ? v.S : null;
    }

    static Task PutVAsync(ScenarioHost host, string region, string table, string pk, string v) =>
        host.Client(region).PutItemAsync(new PutItemRequest { TableName = table, Item = new(Key(pk)) { ["v"] = new() { S = v } } });

    static async Task WaitForVAsync(ScenarioHost host, string region, string table, string pk, string v)
    {
        string? seen = null;
        await UntilAsync(async () => (seen = await ReadVAsync(host, region, table, pk)) == v, TimeSpan.FromSeconds(30),
            () => $"{pk} in {region} holds {seen ?? "nothing"}, not {v}");
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_sequential_overwrite_in_another_region_is_not_a_conflict(StoreKind store)
    {
        await using var host = await StartOnAsync(store, postgres, [Us, Eu], true);
        const string table = "sequential";
        await host.CreateTableAsync(Us, table);
        await host.AddReplicaAsync(Us, table, Eu);

        await PutVAsync(host, Us, table, "k", "first");
        await WaitForVAsync(host, Eu, table, "k", "first");
        await PutVAsync(host, Eu, table, "k", "second");
        await WaitForVAsync(host, Us, table, "k", "second");
        await host.WaitReplicationIdleAsync(TimeSpan.FromSeconds(30));

        var key = new ItemKey(GlobalTables.Model.Attributes.AttributeValue.FromS("k"), null);
        var dumps = await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));
        Assert.Equal(Eu, dumps[Us][key].Version.Region);
        Assert.True(dumps[Us][key].Context[Us] > default(Model.Replication.HlcStamp), "the overwrite's Context holds the write it saw");
        foreach (var region in new[] { Us, Eu })
            Assert.DoesNotContain(await host.Node(region).LostUpdatesAsync(table), l => l.Key == key);
        using var conflicts = await host.GetJsonAsync($"/_admin/conflicts?table={table}");
        Assert.Equal(0, conflicts.RootElement.GetProperty("lostUpdates").GetArrayLength());
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task Removing_a_replica_stops_replication_to_it_and_deletes_its_copy(StoreKind store)
    {
        await using var host = await StartOnAsync(store, postgres, [Us, Eu], false);
        const string table = "removed", barrier = "still-global";
        foreach (var t in new[] { table, barrier })
        {
            await host.CreateTableAsync(Us, t);
            await host.AddReplicaAsync(Us, t, Eu);
        }
        await PutVAsync(host, Us, table, "before", "1");
        await WaitForVAsync(host, Eu, table, "before", "1");

        await host.Client(Us).UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            ReplicaUpdates = [new ReplicationGroupUpdate { Delete = new DeleteReplicationGroupMemberAction { RegionName = Eu } }],
        });
        List<string> euTables = [];
        await UntilAsync(async () => !(euTables = (await host.Client(Eu).ListTablesAsync(new ListTablesRequest())).TableNames ?? []).Contains(table),
            TimeSpan.FromSeconds(30), () => $"eu-west-2 still lists [{string.Join(",", euTables)}]");
        Assert.Contains(barrier, euTables);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => host.Client(Eu).DescribeTableAsync(table));

        // us-east-1 no longer lists eu-west-2, and alone in its region the table is no longer global.
        TableDescription? described = null;
        await UntilAsync(async () =>
        {
            described = (await host.Client(Us).DescribeTableAsync(table)).Table;
            return described.TableStatus == TableStatus.ACTIVE && (described.Replicas is null || described.Replicas.Count == 0);
        }, TimeSpan.FromSeconds(30), () => $"us-east-1 shows {described?.TableStatus} with replicas [{string.Join(",", described?.Replicas?.Select(r => r.RegionName) ?? [])}]");
        Assert.True(string.IsNullOrEmpty(described!.GlobalTableVersion), $"GlobalTableVersion {described.GlobalTableVersion} on a table with no replicas");

        // A write after the removal does not reach eu-west-2: a later write of another table does (a barrier), and the removed table stays gone.
        await PutVAsync(host, Us, table, "after", "2");
        await PutVAsync(host, Us, barrier, "after", "2");
        await WaitForVAsync(host, Eu, barrier, "after", "2");
        await host.WaitReplicationIdleAsync(TimeSpan.FromSeconds(30));
        Assert.Null(host.Node(Eu).Tables.Find(table));
        Assert.DoesNotContain(table, (await host.Client(Eu).ListTablesAsync(new ListTablesRequest())).TableNames ?? []);
        Assert.Equal("2", await ReadVAsync(host, Us, table, "after"));
        using var links = await host.GetJsonAsync("/_admin/replication");
        var linkNames = links.RootElement.EnumerateArray().Select(l => $"{l.GetProperty("source").GetString()}->{l.GetProperty("destination").GetString()} {l.GetProperty("table").GetString()}").ToList();
        output.WriteLine(string.Join("; ", linkNames));
        Assert.DoesNotContain(linkNames, l => l.EndsWith(" " + table, StringComparison.Ordinal));
        Assert.Contains($"{Us}->{Eu} {barrier}", linkNames);
    }
}
