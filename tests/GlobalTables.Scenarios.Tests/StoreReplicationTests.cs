using Amazon.DynamoDBv2.Model;
using GlobalTables.Region.Configuration;
using GlobalTables.Testing;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// A global table between two regions on each store: on PostgreSQL both regions share one database, each in its own
/// schema. The scenarios run on either store by passing it to <see cref="ScenarioHost.StartAsync"/> as these do.
/// </summary>
public sealed class StoreReplicationTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    Task<ScenarioHost> StartAsync(StoreKind store) => StartOnAsync(store, postgres, [Us, Eu], simulateLatency: false);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task A_new_replica_is_filled_and_writes_replicate_both_ways(StoreKind store)
    {
        await using var host = await StartAsync(store);
        const string table = "stored";
        await host.CreateTableAsync(Us, table);
        for (var i = 0; i < 50; i++)
            await host.Client(Us).PutItemAsync(table, new() { ["pk"] = new AttributeValue($"before-{i}"), ["v"] = new AttributeValue { N = i.ToString() } });

        await host.AddReplicaAsync(Us, table, Eu);
        await host.Client(Eu).PutItemAsync(table, new() { ["pk"] = new AttributeValue("from-eu"), ["v"] = new AttributeValue { N = "1" } });
        await host.Client(Us).PutItemAsync(table, new() { ["pk"] = new AttributeValue("from-us"), ["v"] = new AttributeValue { N = "2" } });

        var dumps = await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));
        Assert.Equal(52, dumps[Eu].Count);
        var fromEu = await host.Client(Us).GetItemAsync(new GetItemRequest { TableName = table, Key = new() { ["pk"] = new AttributeValue("from-eu") }, ConsistentRead = true });
        Assert.Equal("1", fromEu.Item["v"].N);
        var before = await host.Client(Eu).GetItemAsync(new GetItemRequest { TableName = table, Key = new() { ["pk"] = new AttributeValue("before-49") }, ConsistentRead = true });
        Assert.Equal("49", before.Item["v"].N);
    }
}
