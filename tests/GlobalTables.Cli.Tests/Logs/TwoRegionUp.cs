using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Logs;

/// <summary>
/// <c>globaltables up</c> with us-east-1 and eu-west-2 as a real process, on a fresh port offset and data folder, with a
/// global table replicated both ways, so that the regions' Akka systems are associated, as after any use.
/// </summary>
public sealed class TwoRegionUp : IDisposable
{
    public const string Table = "logged";
    readonly string _root;

    public GlobalTablesProcess Process { get; }
    public int Offset { get; }
    public AmazonDynamoDBClient UsEast { get; }
    public AmazonDynamoDBClient EuWest { get; }
    public Uri FrontDoor => new($"http://127.0.0.1:{8000 + Offset}/");

    TwoRegionUp(GlobalTablesProcess process, int offset, string root)
    {
        Process = process;
        Offset = offset;
        _root = root;
        UsEast = LoopbackClient.For(8001 + offset, "us-east-1");
        EuWest = LoopbackClient.For(8002 + offset, "eu-west-2");
    }

    // Below the ephemeral range (32768 up) with every port of the two regions and the front door (up to 9002 above it).
    static int FreshOffset() => 10000 + Random.Shared.Next(0, 650) * 20;

    public static async Task<TwoRegionUp> StartAsync(ITestOutputHelper output)
    {
        var root = Path.Combine(Path.GetTempPath(), "globaltables-logs", Guid.NewGuid().ToString("N"));
        var (process, offset) = await CliProcess.StartServingAsync(FreshOffset,
            offset => ["up", "--only", "us-east-1", "--only", "eu-west-2", "--no-latency", "--data", root, "--port-offset", offset.ToString()],
            TimeSpan.FromSeconds(60), args => CliProcess.Start(args, output.WriteLine));
        var up = new TwoRegionUp(process, offset, root);
        try
        {
            await up.ReplicateAsync();
            return up;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>The global table, with one item written in each region and seen in the other.</summary>
    async Task ReplicateAsync()
    {
        await UsEast.CreateTableAsync(new CreateTableRequest
        {
            TableName = Table, BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await Poll.UntilAsync(async () => (await UsEast.DescribeTableAsync(Table)).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(20), "table ACTIVE");
        await UsEast.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = Table, ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = "eu-west-2" } }],
        });
        await Poll.UntilAsync(async () => (await EuWest.DescribeTableAsync(Table)).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(20), "replica ACTIVE");
        await PutAsync(UsEast, "from-us");
        await PutAsync(EuWest, "from-eu");
        await Poll.UntilAsync(async () => await HasAsync(EuWest, "from-us") && await HasAsync(UsEast, "from-eu"), TimeSpan.FromSeconds(20), "both items replicated");
    }

    public static Task PutAsync(AmazonDynamoDBClient region, string pk) => region.PutItemAsync(Table, new() { ["pk"] = new(pk) });

    static async Task<bool> HasAsync(AmazonDynamoDBClient region, string pk) =>
        (await region.GetItemAsync(new GetItemRequest(Table, new() { ["pk"] = new(pk) }, consistentRead: true))).IsItemSet;

    public void Dispose()
    {
        UsEast.Dispose();
        EuWest.Dispose();
        Process.Dispose();
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
