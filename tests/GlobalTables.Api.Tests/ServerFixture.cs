using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests;

/// <summary>
/// A real in-process GlobalTables host: SQLite in a fresh temporary folder (or the PostgreSQL database <see cref="StoreConnection"/>
/// names, with <see cref="Store"/>), Kestrel on loopback port 0.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public string DataRoot { get; } = Path.Combine(Path.GetTempPath(), "globaltables-tests", Guid.NewGuid().ToString("N"));
    public GlobalTablesServer Server { get; private set; } = null!;
    public IReadOnlyList<string>? Regions { get; init; } = ["us-east-1"];
    public string? ConfigOverrides { get; init; }
    public TimeProvider? Time { get; init; }
    /// <summary>The regions' store; null is config/akka.conf's (SQLite).</summary>
    public GlobalTables.Region.Configuration.StoreKind? Store { get; init; }
    public string? StoreConnection { get; init; }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "GlobalTables.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("GlobalTables.sln not found above the test binaries");
        }
    }

    public async Task InitializeAsync() => Server = await StartAsync();

    public Task<GlobalTablesServer> StartAsync() => GlobalTablesServer.StartAsync(new ServerOptions
    {
        DataRoot = DataRoot,
        ConfigRoot = RepositoryRoot,
        OnlyRegions = Regions,
        EphemeralPorts = true,
        ConfigOverrides = ConfigOverrides,
        Time = Time,
        Store = Store,
        StoreConnection = StoreConnection,
    });

    /// <summary>Stops the host and starts a new one on the same data folder.</summary>
    public async Task RestartAsync()
    {
        await Server.DisposeAsync();
        Server = await StartAsync();
    }

    public AmazonDynamoDBClient Client(string region = "us-east-1") => ClientFor(Server.RegionEndpoints[region], region);

    public AmazonDynamoDBClient FrontDoorClient(string region) => ClientFor(Server.FrontDoorEndpoint, region);

    public static AmazonDynamoDBClient ClientFor(Uri endpoint, string region) => new(
        new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(DataRoot, recursive: true); } catch (IOException) { }
    }

    /// <summary>Creates a table and polls DescribeTable until it is ACTIVE.</summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB client, string name, string hashKey = "pk", ScalarAttributeType? hashType = null,
        string? rangeKey = null, ScalarAttributeType? rangeType = null)
    {
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(hashKey, hashType ?? ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(hashKey, KeyType.HASH)],
        };
        if (rangeKey is not null)
        {
            request.AttributeDefinitions.Add(new AttributeDefinition(rangeKey, rangeType ?? ScalarAttributeType.S));
            request.KeySchema.Add(new KeySchemaElement(rangeKey, KeyType.RANGE));
        }
        await client.CreateTableAsync(request);
        await WaitForStatusAsync(client, name, TableStatus.ACTIVE);
    }

    public static Task WaitForStatusAsync(IAmazonDynamoDB client, string name, TableStatus status) =>
        Eventually.ReadAsync(async () => (await client.DescribeTableAsync(name)).Table, t => t.TableStatus == status, t => $"{name} stayed {t.TableStatus}",
            TimeSpan.FromSeconds(20));
}
