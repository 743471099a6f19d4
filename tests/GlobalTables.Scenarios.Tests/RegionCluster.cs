using Akka.Actor;
using Akka.Cluster.Sharding;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Region;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// One region (us-east-1) as several nodes in this process: each a server of its own, with its own data folder and
/// DynamoDB endpoint on ephemeral ports, all on one shared SQLite journal, the later ones joining the first's cluster.
/// </summary>
public sealed class RegionCluster : IAsyncDisposable
{
    public const string Region = ScenarioHost.Us;

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "globaltables-nodes", Guid.NewGuid().ToString("N"));
    public List<GlobalTablesServer?> Servers { get; } = [];
    readonly List<AmazonDynamoDBClient> _clients = [];

    string Journal => Path.Combine(Root, "journal.db");

    Func<int, string?>? _configOverrides;

    /// <param name="configOverrides">HOCON laid over config/akka.conf for the node of that index, or null.</param>
    public static async Task<RegionCluster> StartAsync(int nodes, Func<int, string?>? configOverrides = null)
    {
        var cluster = new RegionCluster { _configOverrides = configOverrides };
        Directory.CreateDirectory(cluster.Root);
        try
        {
            for (int i = 0; i < nodes; i++) await cluster.AddNodeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node, which joins the first running one; returns its index.</summary>
    public async Task<int> AddNodeAsync()
    {
        int i = Servers.Count;
        var seed = Servers.FirstOrDefault(s => s is not null);
        var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = Path.Combine(Root, $"node{i}"),
            ConfigRoot = ScenarioHost.RepositoryRoot,
            OnlyRegions = [Region],
            FrontDoor = false,
            EphemeralPorts = true,
            SeedNodes = seed is null ? [] : [$"127.0.0.1:{seed.Regions.Single().Address.Port}"],
            SharedJournal = Journal,
            ConfigOverrides = _configOverrides?.Invoke(i),
        });
        Servers.Add(server);
        _clients.Add(NewClient(i, TimeSpan.FromSeconds(15)));
        return i;
    }

    /// <summary>A client of node <paramref name="i"/>'s endpoint that waits <paramref name="timeout"/> for each request, and does not retry.</summary>
    public AmazonDynamoDBClient NewClient(int i, TimeSpan timeout) => new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig
    {
        ServiceURL = Servers[i]!.RegionEndpoints[Region].ToString(),
        AuthenticationRegion = Region,
        MaxErrorRetry = 0,
        Timeout = timeout,
    });

    public RegionNode Node(int i) => Servers[i]!.Regions.Single();

    /// <summary>The DynamoDB client of node <paramref name="i"/>'s endpoint.</summary>
    public AmazonDynamoDBClient Client(int i) => _clients[i];

    /// <summary>
    /// Waits until every node's shard region has registered with the sharding coordinator, which it does a moment after
    /// the node is up: shards are allocated among the regions registered when they are first used.
    /// </summary>
    public async Task AwaitShardRegionsAsync()
    {
        var regions = 0;
        await ScenarioHost.UntilAsync(async () =>
        {
            ClusterShardingStats stats;
            // On a loaded machine the stats can take longer than the ask: not yet, ask again.
            try { stats = await ClusterSharding.Get(Node(0).System).ShardRegion("partition")
                    .Ask<ClusterShardingStats>(new GetClusterShardingStats(TimeSpan.FromSeconds(3)), TimeSpan.FromSeconds(5)); }
            catch (Akka.Actor.AskTimeoutException) { return false; }
            regions = stats.Regions.Count;
            return regions == Servers.Count(s => s is not null);
        }, TimeSpan.FromSeconds(30), () => $"{regions} shard regions registered");
    }

    /// <summary>How many shards each node holds, in node order.</summary>
    public async Task<int[]> ShardsPerNodeAsync()
    {
        var shards = new int[Servers.Count];
        for (int i = 0; i < Servers.Count; i++)
        {
            if (Servers[i] is null) continue;
            var state = await ClusterSharding.Get(Node(i).System).ShardRegion("partition")
                .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
            shards[i] = state.Shards.Count;
        }
        return shards;
    }

    /// <summary>Waits until every running node describes <paramref name="table"/> as ACTIVE.</summary>
    public async Task WaitActiveAsync(string table)
    {
        for (int i = 0; i < Servers.Count; i++)
        {
            if (Servers[i] is null) continue;
            string last = "";
            var client = Client(i);
            await ScenarioHost.UntilAsync(async () =>
            {
                try
                {
                    last = (await client.DescribeTableAsync(table)).Table.TableStatus;
                }
                catch (ResourceNotFoundException)
                {
                    last = "not found";
                }
                return last == TableStatus.ACTIVE;
            }, TimeSpan.FromSeconds(30), () => $"{table} is {last} on node {i}");
        }
    }

    /// <summary>Stops node <paramref name="i"/> as Ctrl+C does: it leaves the cluster and hands its partitions over.</summary>
    public async Task StopAsync(int i)
    {
        var server = Servers[i]!;
        Servers[i] = null;
        await server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        // The youngest first, so that the singletons do not move at every stop.
        for (int i = Servers.Count - 1; i >= 0; i--)
            if (Servers[i] is { } server) await server.DisposeAsync();
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }
}
