using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Tests.Usage;

/// <summary>
/// A real <c>globaltables up</c> of us-east-1 and eu-west-2, without WAN latency, whose table <see cref="Table"/> holds one
/// lost update: key <see cref="Key"/> written in both regions while eu-west-2 was isolated, then healed.
/// </summary>
public sealed class RunningUp : IAsyncLifetime
{
    public const string Table = "conflicted";
    public const string Key = "k";

    readonly string _data = Path.Combine(Path.GetTempPath(), "globaltables-usage-up", Guid.NewGuid().ToString("N"));
    GlobalTablesProcess? _up;

    public int Offset { get; private set; }
    public Uri FrontDoor => new($"http://127.0.0.1:{8000 + Offset}/");
    public string[] Endpoint => ["--port-offset", Offset.ToString()];
    /// <summary>The value of <see cref="Key"/>'s "v" that won, once both regions agree.</summary>
    public string Winner { get; private set; } = "";

    public AmazonDynamoDBClient Client(string region) => LoopbackClient.For(region == "us-east-1" ? 8001 + Offset : 8002 + Offset, region, TimeSpan.FromSeconds(30));

    public async Task InitializeAsync()
    {
        await StartAsync();
        using var us = Client("us-east-1");
        using var eu = Client("eu-west-2");
        await CreateGlobalTableAsync(us, eu, Table);

        await RegionActionAsync("isolate");
        await us.PutItemAsync(Table, new() { ["pk"] = new(Key), ["v"] = new("from-us") });
        await eu.PutItemAsync(Table, new() { ["pk"] = new(Key), ["v"] = new("from-eu") });
        await RegionActionAsync("heal");

        using var http = new HttpClient();
        await Poll.UntilAsync(async () =>
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(FrontDoor, $"/_admin/conflicts?table={Table}")));
            return json.RootElement.GetProperty("lostUpdates").GetArrayLength() == 1;
        }, TimeSpan.FromSeconds(60), "one lost update logged");
        await Poll.UntilAsync(async () =>
        {
            var a = await GetAsync(us, Table, Key);
            var b = await GetAsync(eu, Table, Key);
            Winner = a ?? "";
            return a is not null && a == b;
        }, TimeSpan.FromSeconds(60), "the regions agreeing on the key");
    }

    async Task StartAsync()
    {
        // Offsets that end in 5, so no port is one of another test's, whose offsets are multiples of 10; below the ephemeral ports.
        (_up, Offset) = await CliProcess.StartServingAsync(() => 1005 + Random.Shared.Next(0, 2100) * 10,
            offset => ["up", "--only", "us-east-1", "--only", "eu-west-2", "--no-latency", "--data", _data, "--port-offset", offset.ToString()],
            TimeSpan.FromSeconds(120), args => CliProcess.Start(args));
    }

    async Task RegionActionAsync(string action)
    {
        using var process = GlobalTablesProcess.Start(["region", action, "eu-west-2", .. Endpoint]);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        if (exit != 0) throw new InvalidOperationException($"region {action} exited {exit}:\n{string.Join('\n', process.Output)}");
    }

    /// <summary>A table in us-east-1 with a replica in eu-west-2, once a write in one shows in the other.</summary>
    public static async Task CreateGlobalTableAsync(AmazonDynamoDBClient us, AmazonDynamoDBClient eu, string table)
    {
        await CreateTableAsync(us, table);
        await us.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = "eu-west-2" } }],
        });
        await Poll.UntilAsync(async () => (await eu.DescribeTableAsync(table)).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(60), "the replica ACTIVE");
        await us.PutItemAsync(table, new() { ["pk"] = new("replicated"), ["v"] = new("1") });
        await Poll.UntilAsync(async () => await GetAsync(eu, table, "replicated") == "1", TimeSpan.FromSeconds(60), "a write replicated");
    }

    public static async Task CreateTableAsync(AmazonDynamoDBClient client, string table)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table, BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await Poll.UntilAsync(async () => (await client.DescribeTableAsync(table)).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(60), $"{table} ACTIVE");
    }

    public static async Task<string?> GetAsync(AmazonDynamoDBClient client, string table, string key)
    {
        var got = await client.GetItemAsync(new GetItemRequest(table, new() { ["pk"] = new(key) }, consistentRead: true));
        return got.IsItemSet ? got.Item["v"].S : null;
    }

    public Task DisposeAsync()
    {
        _up?.Dispose();
        try { Directory.Delete(_data, true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
