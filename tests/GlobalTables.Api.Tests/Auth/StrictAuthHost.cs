using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Auth;
using GlobalTables.Api.Hosting;

namespace GlobalTables.Api.Tests.Auth;

/// <summary>
/// A host in strict auth mode with the principals of <see cref="TestIam"/>: a copy of the repository's
/// regions/ and config/ with config/iam.json replaced. Every table (pk, sk) is created by the admin.
/// </summary>
public sealed class StrictAuthHost : IAsyncLifetime
{
    public static readonly string[] Tables = ["Music", "Orders", "Secrets", "UserData"];

    readonly string _root = Path.Combine(Path.GetTempPath(), "globaltables-tests", "auth-" + Guid.NewGuid().ToString("N"));
    public GlobalTablesServer Server { get; private set; } = null!;
    public string ConfigRoot => Path.Combine(_root, "config-root");
    public string Account => Server.Regions[0].AccountId;
    public Uri Endpoint => Server.RegionEndpoints["us-east-1"];

    public async Task InitializeAsync()
    {
        Copy(Path.Combine(ServerFixture.RepositoryRoot, "regions"), Path.Combine(ConfigRoot, "regions"));
        Copy(Path.Combine(ServerFixture.RepositoryRoot, "config"), Path.Combine(ConfigRoot, "config"));
        await File.WriteAllTextAsync(Path.Combine(ConfigRoot, "config", AccessControl.ConfigFile), TestIam.Json);
        Server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = Path.Combine(_root, "data"),
            ConfigRoot = ConfigRoot,
            OnlyRegions = ["us-east-1"],
            EphemeralPorts = true,
            AuthMode = AuthMode.Strict,
        });
        var admin = Client("admin");
        foreach (var table in Tables) await ServerFixture.CreateTableAsync(admin, table, "pk", rangeKey: "sk");
        foreach (var table in Tables)
            await admin.PutItemAsync(table, new() { ["pk"] = new("p1"), ["sk"] = new("s1"), ["title"] = new("one"), ["secret"] = new("x") });
        foreach (var user in new[] { "alice", "bob" })
            await admin.PutItemAsync("UserData", new() { ["pk"] = new(user), ["sk"] = new("profile"), ["title"] = new(user) });
    }

    public string TableArn(string table) => $"arn:aws:dynamodb:us-east-1:{Account}:table/{table}";

    public AmazonDynamoDBClient Client(string principal) => Client(new BasicAWSCredentials(TestIam.AccessKeyOf(principal), TestIam.SecretOf(principal)));

    public AmazonDynamoDBClient Client(AWSCredentials credentials) => new(credentials,
        new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    /// <summary>The item as the admin reads it, or null.</summary>
    public async Task<Dictionary<string, AttributeValue>?> ReadAsync(string table, string pk, string sk)
    {
        var reply = await Client("admin").GetItemAsync(new GetItemRequest
        {
            TableName = table, ConsistentRead = true,
            Key = new() { ["pk"] = new(pk), ["sk"] = new(sk) },
        });
        return reply.IsItemSet ? reply.Item : null;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}

[CollectionDefinition(Name)]
public sealed class StrictAuthCollection : ICollectionFixture<StrictAuthHost>
{
    public const string Name = "strict auth";
}
