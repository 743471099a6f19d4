using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Cli.Admin;

namespace GlobalTables.Cli.Demo;

/// <summary>
/// The article's lost update, reproduced: two regions increment one counter (and set one attribute)
/// at once. Every increment also appends its id to a list, so the survivors can be named; the ids
/// in the images of the logged losers, and not in the final item, are exactly the lost increments.
/// </summary>
public sealed class LostUpdateDemo(Uri frontDoor, string regionA, string regionB, int incrementsPerRegion, Action<string> progress)
{
    const string Key = "counter";

    public sealed record Report(string Table, IReadOnlyDictionary<string, int> Made, int Survived, int Lost, int LostUpdatesLogged, long FinalCounter, bool Reconciles);

    AmazonDynamoDBClient Client(string region) => new(new BasicAWSCredentials("demo", "demo"),
        new AmazonDynamoDBConfig { ServiceURL = frontDoor.ToString(), AuthenticationRegion = region, MaxErrorRetry = 2 });

    public async Task<Report> RunAsync(CancellationToken ct)
    {
        var table = $"demo-lost-update-{DateTime.UtcNow:HHmmssfff}";
        using var a = Client(regionA);
        using var b = Client(regionB);
        progress($"creating {table} in {regionA}");
        await a.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        }, ct);
        await WaitAsync(async () => (await a.DescribeTableAsync(table, ct)).Table.TableStatus == TableStatus.ACTIVE, ct);
        await a.PutItemAsync(table, new() { ["pk"] = new(Key), ["n"] = new() { N = "0" }, ["ids"] = new() { L = [] }, ["colour"] = new("none") }, ct);
        progress($"adding the replica in {regionB}");
        await a.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = regionB } }],
        }, ct);
        await WaitAsync(async () => (await b.ListTablesAsync(new ListTablesRequest(), ct)).TableNames?.Contains(table) == true
            && (await b.DescribeTableAsync(table, ct)).Table.TableStatus == TableStatus.ACTIVE, ct);

        progress($"{incrementsPerRegion} increments from each region, at once; half of them inside transactions");
        var made = await Task.WhenAll(IncrementAsync(a, table, regionA, ct), IncrementAsync(b, table, regionB, ct));

        progress("waiting for the regions to converge");
        using var admin = new AdminClient(frontDoor);
        Dictionary<string, AttributeValue>? final = null;
        await WaitAsync(async () =>
        {
            var links = await admin.ReplicationAsync(ct);
            var x = (await a.GetItemAsync(new GetItemRequest(table, new() { ["pk"] = new(Key) }, true), ct)).Item;
            var y = (await b.GetItemAsync(new GetItemRequest(table, new() { ["pk"] = new(Key) }, true), ct)).Item;
            final = x;
            return links.Where(l => l.Table == table).All(l => l.Pending == 0 && l.Backlog == 0)
                && x["n"].N == y["n"].N && Ids(x).SequenceEqual(Ids(y));
        }, ct);

        var conflicts = await admin.ConflictsAsync(table, null, ct: ct);
        var survivors = Ids(final!).ToHashSet();
        var lostIds = conflicts.SelectMany(c => IdsOfImage(c.Loser.Image)).Where(id => !survivors.Contains(id)).ToHashSet();
        var madeByRegion = new Dictionary<string, int> { [regionA] = made[0], [regionB] = made[1] };
        long counter = long.Parse(final!["n"].N);
        return new Report(table, madeByRegion, survivors.Count, lostIds.Count, conflicts.Count, counter,
            made.Sum() == survivors.Count + lostIds.Count && counter == survivors.Count);
    }

    async Task<int> IncrementAsync(AmazonDynamoDBClient client, string table, string region, CancellationToken ct)
    {
        int acknowledged = 0;
        for (int i = 0; i < incrementsPerRegion; i++)
        {
            var id = $"{region}#{i}";
            var update = new Update
            {
                TableName = table,
                Key = new() { ["pk"] = new(Key) },
                UpdateExpression = "SET n = n + :one, ids = list_append(ids, :me), colour = :colour",
                ExpressionAttributeValues = new() { [":one"] = new() { N = "1" }, [":me"] = new() { L = [new(id)] }, [":colour"] = new(region) },
            };
            if (i % 2 == 0)
                await client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = update.TableName, Key = update.Key, UpdateExpression = update.UpdateExpression,
                    ExpressionAttributeValues = update.ExpressionAttributeValues,
                }, ct);
            else
                await client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = [new TransactWriteItem { Update = update }] }, ct);
            acknowledged++;
        }
        return acknowledged;
    }

    static IEnumerable<string> Ids(Dictionary<string, AttributeValue> item) => item["ids"].L.Select(v => v.S);

    static IEnumerable<string> IdsOfImage(JsonElement? image) =>
        image is { } i && i.TryGetProperty("ids", out var ids) && ids.TryGetProperty("L", out var list)
            ? list.EnumerateArray().Select(e => e.GetProperty("S").GetString()!)
            : [];

    static async Task WaitAsync(Func<Task<bool>> done, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The demo's regions did not settle within 60 s");
            await Task.Delay(100, ct);
        }
    }
}
