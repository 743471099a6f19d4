using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Testing;
using GlobalTables.Model.Items;
using GlobalTables.Region;
using GlobalTables.Region.Configuration;

namespace GlobalTables.Scenarios.Tests;

/// <summary>A real in-process multi-region host in a fresh temporary folder, on ephemeral ports, with the helpers the scenarios share.</summary>
public sealed class ScenarioHost : IAsyncDisposable
{
    public const string Us = "us-east-1", Eu = "eu-west-2", Ap = "ap-southeast-1";

    public string DataRoot { get; } = Path.Combine(Path.GetTempPath(), "globaltables-scenarios", Guid.NewGuid().ToString("N"));
    public GlobalTablesServer Server { get; private set; } = null!;
    readonly Dictionary<string, AmazonDynamoDBClient> _clients = new();
    HttpClient _http = null!;

    /// <param name="configOverrides">HOCON laid over config/akka.conf (e.g. the journal fault kit's).</param>
    /// <param name="time">The regions' clock; a test may shift it.</param>
    /// <param name="store">The regions' store; null is config/akka.conf's (SQLite). PostgreSQL needs <paramref name="storeConnection"/>.</param>
    public static async Task<ScenarioHost> StartAsync(IReadOnlyList<string> regions, bool simulateLatency, FrontDoorRouting? routing = null,
        string? configOverrides = null, TimeProvider? time = null, StoreKind? store = null, string? storeConnection = null)
    {
        var host = new ScenarioHost();
        host.Server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = host.DataRoot,
            ConfigRoot = RepositoryRoot,
            OnlyRegions = regions,
            EphemeralPorts = true,
            SimulateLatency = simulateLatency,
            Routing = routing,
            ConfigOverrides = configOverrides,
            Time = time,
            Store = store,
            StoreConnection = storeConnection,
        });
        host._http = new HttpClient { BaseAddress = host.Server.FrontDoorEndpoint, Timeout = TimeSpan.FromSeconds(30) };
        return host;
    }

    /// <summary>Regions on the store given: SQLite files, or a fresh database of <paramref name="postgres"/> that the regions share, each in its own schema.</summary>
    public static async Task<ScenarioHost> StartOnAsync(StoreKind store, PostgresServer postgres, IReadOnlyList<string> regions, bool simulateLatency,
        FrontDoorRouting? routing = null) =>
        await StartAsync(regions, simulateLatency, routing, store: store, storeConnection: store == StoreKind.Postgres ? await postgres.CreateDatabaseAsync() : null);

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "GlobalTables.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("GlobalTables.sln not found above the test binaries");
        }
    }

    public AmazonDynamoDBClient Client(string region)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue(region, out var client))
                _clients[region] = client = new AmazonDynamoDBClient(
                    new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
                    new AmazonDynamoDBConfig
                    {
                        ServiceURL = Server.RegionEndpoints[region].ToString(),
                        AuthenticationRegion = region,
                        MaxErrorRetry = 0,
                        Timeout = TimeSpan.FromSeconds(10),
                    });
            return client;
        }
    }

    public RegionNode Node(string region) => Server.Regions.Single(r => r.Name == region);

    /// <summary>Polls until <paramref name="done"/> holds, or fails with what <paramref name="state"/> says.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, Func<string> state, int pollMs = 25)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s: {state()}");
            await Task.Delay(pollMs);
        }
    }

    public async Task CreateTableAsync(string region, string name)
    {
        await Client(region).CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        });
        await WaitTableActiveAsync(region, name);
    }

    public async Task WaitTableActiveAsync(string region, string name)
    {
        string last = "";
        await UntilAsync(async () =>
        {
            var d = await Client(region).DescribeTableAsync(name);
            last = d.Table.TableStatus;
            return d.Table.TableStatus == TableStatus.ACTIVE;
        }, TimeSpan.FromSeconds(30), () => $"{name} in {region} is {last}");
    }

    /// <summary>The replica <paramref name="region"/> as <paramref name="viewer"/> describes it, or null.</summary>
    public async Task<(ReplicaDescription? Replica, TableDescription? Table)> DescribeReplicaAsync(string viewer, string table, string region)
    {
        try
        {
            var d = (await Client(viewer).DescribeTableAsync(table)).Table;
            return (d.Replicas?.FirstOrDefault(r => r.RegionName == region), d);
        }
        catch (ResourceNotFoundException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Adds a replica through <paramref name="via"/> and polls both regions until it is ACTIVE,
    /// returning every ReplicaStatusPercentProgress seen while it was CREATING.
    /// </summary>
    public async Task<List<int>> AddReplicaAsync(string via, string table, string region)
    {
        await Client(via).UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = region } }],
        });
        var progress = new List<int>();
        string state = "";
        await UntilAsync(async () =>
        {
            var (seenByVia, _) = await DescribeReplicaAsync(via, table, region);
            var (seenByNew, newTable) = await DescribeReplicaAsync(region, table, region);
            foreach (var r in new[] { seenByVia, seenByNew })
                if (r?.ReplicaStatus == ReplicaStatus.CREATING && int.TryParse(r.ReplicaStatusPercentProgress, out var p)) progress.Add(p);
            state = $"{via} sees {seenByVia?.ReplicaStatus}, {region} sees {seenByNew?.ReplicaStatus} and its table {newTable?.TableStatus}";
            return seenByVia?.ReplicaStatus == ReplicaStatus.ACTIVE && seenByNew?.ReplicaStatus == ReplicaStatus.ACTIVE
                && newTable?.TableStatus == TableStatus.ACTIVE;
        }, TimeSpan.FromSeconds(60), () => state, pollMs: 15);
        await WaitTableActiveAsync(via, table);
        return progress;
    }

    public async Task<Dictionary<ItemKey, StoredItem>> DumpAsync(string region, string table)
    {
        var node = Node(region);
        var definition = node.Tables.Find(table) ?? throw new InvalidOperationException($"{table} is not in {region}");
        return (await node.DumpAsync(definition)).ToDictionary(e => e.Key, e => e.Item);
    }

    public static string Digest(Dictionary<ItemKey, StoredItem> dump) => GlobalTables.Model.Replication.ReplicaDigest.Of(dump);

    public static string Image(IReadOnlyDictionary<string, GlobalTables.Model.Attributes.AttributeValue>? image) =>
        image is null ? "tombstone" : string.Join(",", image.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    /// <summary>The first key the replicas hold differently, as each holds it, so that a failure says what did not converge.</summary>
    static string FirstDifference(Dictionary<string, Dictionary<ItemKey, StoredItem>> dumps, IReadOnlyList<string> regions)
    {
        string Held(string region, ItemKey key) => dumps[region].TryGetValue(key, out var item)
            ? $"{item.Version} {item.Context} {Image(item.Image)}"
            : "absent";
        var differing = dumps.Values.SelectMany(d => d.Keys).Distinct()
            .Where(k => regions.Select(r => Held(r, k)).Distinct().Count() > 1).Take(1).ToList();
        return differing is [var key] ? $"; first difference at {key}: " + string.Join(", ", regions.Select(r => $"{r} {Held(r, key)}")) : "";
    }

    /// <summary>Polls the replicas' dumps until they agree; returns the dumps.</summary>
    public async Task<Dictionary<string, Dictionary<ItemKey, StoredItem>>> WaitConvergedAsync(string table, IReadOnlyList<string> regions, TimeSpan timeout)
    {
        Dictionary<string, Dictionary<ItemKey, StoredItem>> dumps = new();
        string state = "";
        await UntilAsync(async () =>
        {
            try
            {
                foreach (var r in regions) dumps[r] = await DumpAsync(r, table);
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                // A partition busy applying a backlog answers late; poll again.
                state = "a dump timed out";
                return false;
            }
            catch (GlobalTables.Model.Validation.DynamoException e) when (e.Code == GlobalTables.Model.Validation.ErrorCode.InternalServerError)
            {
                // A partition whose journal failed it is starting again.
                state = "a partition was restarting";
                return false;
            }
            var digests = dumps.ToDictionary(d => d.Key, d => Digest(d.Value));
            bool agree = digests.Values.Distinct().Count() == 1;
            // Formatting every item is dear, so the first difference is found only while the replicas differ.
            state = string.Join(", ", regions.Select(r => $"{r}: {dumps[r].Count} items {digests[r][..8]}")) + (agree ? "" : FirstDifference(dumps, regions));
            return agree;
        }, timeout, () => state, pollMs: 200);
        return dumps;
    }

    /// <summary>Polls GET /_admin/replication until nothing is pending or backlogged on any link.</summary>
    public async Task WaitReplicationIdleAsync(TimeSpan timeout)
    {
        string state = "";
        await UntilAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await _http.GetStringAsync("/_admin/replication"));
            var busy = doc.RootElement.EnumerateArray()
                .Where(l => l.GetProperty("pending").GetInt64() != 0 || l.GetProperty("backlog").GetInt64() != 0)
                .Select(l => $"{l.GetProperty("source").GetString()}->{l.GetProperty("destination").GetString()} {l.GetProperty("table").GetString()} pending {l.GetProperty("pending")} backlog {l.GetProperty("backlog")}")
                .ToList();
            state = string.Join("; ", busy);
            return busy.Count == 0;
        }, timeout, () => state, pollMs: 100);
    }

    public async Task PostAsync(string path) => (await _http.PostAsync(path, null)).EnsureSuccessStatusCode();

    public async Task<JsonDocument> GetJsonAsync(string path) => JsonDocument.Parse(await _http.GetStringAsync(path));

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients.Values) c.Dispose();
        _http?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
        try { Directory.Delete(DataRoot, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
