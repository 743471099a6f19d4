using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Region.Configuration;
using GlobalTables.Testing;
using LinqToDB.Data;

namespace GlobalTables.Api.Tests.Storage;

/// <summary>
/// The PostgreSQL store through the real AWSSDK client, on a throwaway PostgreSQL 15 with a fresh database per test:
/// the same partitions, catalog and journal as on SQLite, each region in its own schema.
/// </summary>
public sealed class PostgresStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    async Task<ServerFixture> StartAsync(string connection, IReadOnlyList<string> regions)
    {
        var fixture = new ServerFixture { Regions = regions, Store = StoreKind.Postgres, StoreConnection = connection };
        await fixture.InitializeAsync();
        return fixture;
    }

    static Dictionary<string, AttributeValue> Key(string pk, int sk) => new() { ["pk"] = new AttributeValue(pk), ["sk"] = new AttributeValue { N = sk.ToString() } };

    [Fact]
    public async Task Tables_items_and_queries_survive_a_restart_with_the_journal_in_PostgreSQL_not_in_the_data_folder()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var fixture = await StartAsync(connection, ["us-east-1"]);
        try
        {
            var client = fixture.Client();
            await ServerFixture.CreateTableAsync(client, "Durable", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.PutItemAsync("Durable", new()
            {
                ["pk"] = new AttributeValue($"user-{i % 5}"),
                ["sk"] = new AttributeValue { N = i.ToString() },
                ["n"] = new AttributeValue { N = (i * 3).ToString() },
            })));
            await client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = "Durable",
                Key = Key("user-1", 1),
                UpdateExpression = "SET visits = :v",
                ExpressionAttributeValues = new() { [":v"] = new AttributeValue { N = "41" } },
            });
            await client.DeleteItemAsync("Durable", Key("user-2", 2));
            Assert.Equal("30", (await client.GetItemAsync("Durable", Key("user-0", 10), consistentRead: true)).Item["n"].N);
            var before = (await client.DescribeTableAsync("Durable")).Table;

            await fixture.RestartAsync();
            client = fixture.Client();

            var after = (await client.DescribeTableAsync("Durable")).Table;
            Assert.Equal(TableStatus.ACTIVE, after.TableStatus);
            Assert.Equal(before.TableId, after.TableId);
            Assert.Equal(199, after.ItemCount);
            Assert.Equal("450", (await client.GetItemAsync("Durable", Key("user-0", 150), consistentRead: true)).Item["n"].N);
            Assert.Equal("41", (await client.GetItemAsync("Durable", Key("user-1", 1))).Item["visits"].N);
            Assert.False((await client.GetItemAsync("Durable", Key("user-2", 2))).IsItemSet);
            var query = await client.QueryAsync(new QueryRequest
            {
                TableName = "Durable",
                KeyConditionExpression = "pk = :pk AND sk BETWEEN :low AND :high",
                ExpressionAttributeValues = new() { [":pk"] = new AttributeValue("user-3"), [":low"] = new AttributeValue { N = "100" }, [":high"] = new AttributeValue { N = "150" } },
            });
            Assert.Equal([103, 108, 113, 118, 123, 128, 133, 138, 143, 148], query.Items.Select(i => int.Parse(i["sk"].N)));
            Assert.Equal([309, 324, 339, 354, 369, 384, 399, 414, 429, 444], query.Items.Select(i => int.Parse(i["n"].N)));

            // The journal is in the region's schema, and the region's Store opens it there; no journal.db was made.
            Assert.False(File.Exists(Path.Combine(fixture.DataRoot, "us-east-1", "journal.db")));
            var rows = await PostgresServer.QueryAsync(connection, "SELECT COUNT(*) FROM gt_us_east_1.journal");
            Assert.True(long.Parse(rows.Single()) >= 200, $"{rows.Single()} journal rows");
            using var db = new DataConnection(fixture.Server.Regions.Single().Store);
            Assert.Equal("gt_us_east_1", db.Execute<string>("SELECT current_schema()"));
        }
        finally { await fixture.DisposeAsync(); }
    }

    [Fact]
    public async Task Regions_sharing_one_database_keep_their_tables_and_items_apart_in_their_own_schemas()
    {
        var connection = await postgres.CreateDatabaseAsync();
        var fixture = await StartAsync(connection, ["us-east-1", "eu-west-2"]);
        try
        {
            // One table name in both regions, separate tables (not a global table): each holds only its own items.
            foreach (var region in new[] { "us-east-1", "eu-west-2" })
            {
                var client = fixture.Client(region);
                await ServerFixture.CreateTableAsync(client, "Shared", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
                await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.PutItemAsync("Shared", new()
                {
                    ["pk"] = new AttributeValue("k"),
                    ["sk"] = new AttributeValue { N = i.ToString() },
                    ["region"] = new AttributeValue(region),
                })));
            }
            await ServerFixture.CreateTableAsync(fixture.Client("eu-west-2"), "OnlyEu");

            await fixture.RestartAsync();

            foreach (var region in new[] { "us-east-1", "eu-west-2" })
            {
                var items = (await fixture.Client(region).QueryAsync(new QueryRequest
                {
                    TableName = "Shared",
                    KeyConditionExpression = "pk = :pk",
                    ExpressionAttributeValues = new() { [":pk"] = new AttributeValue("k") },
                    ConsistentRead = true,
                })).Items;
                Assert.Equal(20, items.Count);
                Assert.All(items, i => Assert.Equal(region, i["region"].S));
            }
            Assert.Equal(["Shared"], (await fixture.Client("us-east-1").ListTablesAsync()).TableNames);
            Assert.Equal(["OnlyEu", "Shared"], (await fixture.Client("eu-west-2").ListTablesAsync()).TableNames.Order());

            var schemas = await PostgresServer.QueryAsync(connection,
                "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema LIKE 'gt\\_%' ORDER BY 1");
            // Each region's schema holds the journal plugin's tables and the replication positions' own.
            string[] perRegion = ["journal", "replication_caught_up", "replication_partition_offset", "snapshot"];
            Assert.Equal(new[] { "gt_eu_west_2", "gt_us_east_1" }.SelectMany(schema => perRegion.Select(t => $"{schema}.{t}")), schemas);
            var euCatalogRows = await PostgresServer.QueryAsync(connection, "SELECT COUNT(*) FROM gt_eu_west_2.journal WHERE persistence_id = 'catalog'");
            var usCatalogRows = await PostgresServer.QueryAsync(connection, "SELECT COUNT(*) FROM gt_us_east_1.journal WHERE persistence_id = 'catalog'");
            Assert.True(long.Parse(euCatalogRows.Single()) > long.Parse(usCatalogRows.Single()), $"eu {euCatalogRows.Single()}, us {usCatalogRows.Single()} catalog events");
        }
        finally { await fixture.DisposeAsync(); }
    }
}
