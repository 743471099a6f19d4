using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// Secondary indexes on a global table (docs/indexes.md): every replica has the same indexes, a new replica builds them
/// as it is filled, an index change on one replica reaches all, and each region keeps its indexes from the items as
/// they arrive there, so an item written in one region is found by index in the other.
/// </summary>
public sealed class GlobalIndexReplicaTests
{
    static AttributeValue S(string s) => new(s);

    static async Task<List<string>> QueryByColourAsync(ScenarioHost host, string region, string index, string colour)
    {
        var page = await host.Client(region).QueryAsync(new QueryRequest
        {
            TableName = "paints", IndexName = index, KeyConditionExpression = "colour = :c", ExpressionAttributeValues = new() { [":c"] = S(colour) },
        });
        return page.Items.Select(i => i["pk"].S).Order().ToList();
    }

    static async Task<GlobalSecondaryIndexDescription?> IndexAsync(ScenarioHost host, string region, string index) =>
        (await host.Client(region).DescribeTableAsync("paints")).Table.GlobalSecondaryIndexes?.SingleOrDefault(i => i.IndexName == index);

    [Fact]
    public async Task Each_region_keeps_the_replicas_indexes_from_the_items_it_holds()
    {
        await using var host = await StartAsync([Us, Eu], simulateLatency: false);
        await host.Client(Us).CreateTableAsync(new CreateTableRequest
        {
            TableName = "paints", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("colour", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            GlobalSecondaryIndexes = [new() { IndexName = "ByColour", KeySchema = [new("colour", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
        });
        await host.WaitTableActiveAsync(Us, "paints");
        for (int i = 0; i < 20; i++)
            await host.Client(Us).PutItemAsync("paints", new() { ["pk"] = S($"p{i}"), ["colour"] = S(i % 2 == 0 ? "red" : "blue") });

        // The new replica has the index, built from what the fill brought.
        await host.AddReplicaAsync(Us, "paints", Eu);
        var expectedRed = Enumerable.Range(0, 20).Where(i => i % 2 == 0).Select(i => $"p{i}").Order().ToList();
        List<string> seen = [];
        await UntilAsync(async () => (seen = await QueryByColourAsync(host, Eu, "ByColour", "red")).SequenceEqual(expectedRed),
            TimeSpan.FromSeconds(30), () => $"eu-west-2 finds [{string.Join(",", seen)}]");

        // A write in one region is found by index in the other once it has arrived there.
        await host.Client(Eu).PutItemAsync("paints", new() { ["pk"] = S("from-eu"), ["colour"] = S("green") });
        await host.Client(Us).UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "paints", Key = new() { ["pk"] = S("p0") }, UpdateExpression = "SET colour = :c", ExpressionAttributeValues = new() { [":c"] = S("green") },
        });
        foreach (var region in new[] { Us, Eu })
            await UntilAsync(async () => (seen = await QueryByColourAsync(host, region, "ByColour", "green")).SequenceEqual(["from-eu", "p0"]),
                TimeSpan.FromSeconds(30), () => $"{region} finds green [{string.Join(",", seen)}]");

        // An index created on one replica is created on every replica, each building its own.
        await host.Client(Eu).UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "paints",
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("shade", ScalarAttributeType.S)],
            GlobalSecondaryIndexUpdates =
            [
                new() { Create = new CreateGlobalSecondaryIndexAction { IndexName = "ByShade", KeySchema = [new("shade", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } } },
            ],
        });
        foreach (var region in new[] { Us, Eu })
        {
            string status = "";
            await UntilAsync(async () => (status = (await IndexAsync(host, region, "ByShade"))?.IndexStatus ?? "absent") == IndexStatus.ACTIVE,
                TimeSpan.FromSeconds(30), () => $"ByShade in {region} is {status}");
        }
        await host.Client(Us).PutItemAsync("paints", new() { ["pk"] = S("dark"), ["colour"] = S("red"), ["shade"] = S("deep") });
        await UntilAsync(async () =>
        {
            var page = await host.Client(Eu).QueryAsync(new QueryRequest
            {
                TableName = "paints", IndexName = "ByShade", KeyConditionExpression = "shade = :s", ExpressionAttributeValues = new() { [":s"] = S("deep") },
            });
            return page.Items.Select(i => i["pk"].S).SequenceEqual(["dark"]);
        }, TimeSpan.FromSeconds(30), () => "eu-west-2 does not find dark by shade");

        // Deleting it on one replica deletes it everywhere.
        await host.Client(Us).UpdateTableAsync(new UpdateTableRequest
        {
            TableName = "paints", GlobalSecondaryIndexUpdates = [new() { Delete = new DeleteGlobalSecondaryIndexAction { IndexName = "ByShade" } }],
        });
        foreach (var region in new[] { Us, Eu })
            await UntilAsync(async () => await IndexAsync(host, region, "ByShade") is null, TimeSpan.FromSeconds(30), () => $"ByShade stays in {region}");
        Assert.NotNull(await IndexAsync(host, Eu, "ByColour"));
    }
}
