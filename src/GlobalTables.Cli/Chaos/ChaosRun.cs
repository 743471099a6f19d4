using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Configuration;

namespace GlobalTables.Cli.Chaos;

/// <summary>
/// A convergence checker in the manner of Jepsen: clients in every region write while the seed's
/// schedule fails, recovers, isolates and heals regions, changes latency, moves a replica, and kills and restarts the
/// first region's extra node processes; then everything heals and DESIGN.md's list-append invariant is checked on every key.
/// </summary>
/// <param name="store">The regions' store; null is config/akka.conf's. PostgreSQL needs <paramref name="storeConnection"/>.</param>
/// <param name="nodes">Extra node processes of the first region (<see cref="ChaosNodes"/>): 0, or 2 or more, on PostgreSQL.</param>
public sealed class ChaosRun(int seed, TimeSpan duration, string dataRoot, string configRoot, int? portOffset, Action<string> log,
    StoreKind? store = null, string? storeConnection = null, int nodes = 0)
{
    const string Table = "chaos";
    const string AuxiliaryTable = "chaos-aux";
    // Enough keys that lists stay small over a 5-minute run, few enough that regions collide on them.
    const int AppendKeys = 120, PutKeys = 30;
    static readonly TimeSpan QuiescenceMax = TimeSpan.FromSeconds(120);

    /// <summary>Why <c>--nodes</c> cannot be used as given; null when it can.</summary>
    public static string? NodesRefusal(int nodes, StoreKind? store) =>
        nodes is < 0 or 1 ? "--nodes is 0, or 2 or more: a region of two that loses one node downs itself (keep-majority)"
        : nodes > 0 && store != StoreKind.Postgres ? "--nodes needs --store postgres --connection ...: the node processes share the region's journal"
        : null;

    public async Task<ChaosReport> RunAsync(CancellationToken ct)
    {
        if (NodesRefusal(nodes, store) is { } refusal) throw new ArgumentException(refusal, nameof(nodes));
        var routing = new FrontDoorRouting { Tables = new() { [Table] = ["us-east-1", "eu-west-2", "ap-southeast-1"] } };
        // Node processes need fixed ports: a restarted node comes back on its own, and each finds the other regions at
        // their regions/*.json ports plus the run's offset.
        var offset = portOffset ?? (nodes > 0 ? ChaosNodes.FreeOffset(nodes, RegionSettings.LoadAll(Path.Combine(configRoot, "regions"))) : null);
        await using var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = dataRoot, ConfigRoot = configRoot, EphemeralPorts = offset is null, PortOffset = offset ?? 0,
            SimulateLatency = true, Routing = routing, Store = store, StoreConnection = storeConnection,
        }, ct: ct);
        var regions = server.Hosts.Select(h => h.Name).ToList();
        var clients = regions.ToDictionary(r => r, r => Client(server.RegionEndpoints[r], r));
        using var door = Client(server.FrontDoorEndpoint, regions[0]);

        // Disposed before the server, so no node outlives the run, whatever ends it.
        using var extra = new ChaosNodes(nodes, server.Hosts[0], offset ?? 0, dataRoot, configRoot,
            ["--store", "postgres", .. storeConnection is null ? Array.Empty<string>() : ["--connection", storeConnection]], log);
        // The nodes first: starting processes while the tables are made slows their set-up past its clients' timeout.
        for (var node = 1; node <= nodes; node++) extra.Start(node);
        await extra.WaitUntilAllUpAsync(ct);
        if (nodes > 0) log($"{regions[0]} runs on {nodes + 1} nodes");

        foreach (var table in new[] { Table, AuxiliaryTable })
        {
            await CreateGlobalAsync(clients, regions, table, ct);
            log($"{table} is global across {string.Join(", ", regions)}");
        }

        var schedule = ChaosSchedule.Generate(seed, duration, regions, nodes);
        var nodeClients = Enumerable.Range(1, nodes).Select(k => Client(extra.Endpoint(k), regions[0])).ToList();
        var workers = regions.Select((r, i) => new ChaosClient(r, clients[r], Table, seed * 31 + i, AppendKeys, PutKeys))
            .Append(new ChaosClient("door", door, Table, seed * 31 + regions.Count, AppendKeys, PutKeys))
            .Concat(nodeClients.Select((c, i) => new ChaosClient($"node{i + 1}", c, Table, seed * 31 + regions.Count + 1 + i, AppendKeys, PutKeys)))
            .ToList();
        // The run's own cancellation stops the clients too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = workers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToList();
        var catchUps = new List<Task<string>>();
        long worstRpo = 0;

        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var action in schedule)
            {
                var wait = action.At - clock.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
                log(action.ToString());
                switch (action.Kind)
                {
                    case "fail":
                        await server.FailAsync(action.Region);
                        worstRpo = Math.Max(worstRpo, server.Hosts.First(h => h.Name == action.Region).RpoAtFailure ?? 0);
                        break;
                    case "recover":
                        await server.RecoverAsync(action.Region);
                        catchUps.Add(CatchUpAsync(server, action, ct));
                        break;
                    case "isolate": server.Isolate(action.Region, true); break;
                    case "heal":
                        server.Isolate(action.Region, false);
                        catchUps.Add(CatchUpAsync(server, action, ct));
                        break;
                    case "latency":
                        foreach (var peer in regions.Where(r => r != action.Region)) server.SetLatency(action.Region, peer, action.Argument);
                        break;
                    case "remove-replica":
                    case "add-replica":
                        await ChangeAuxiliaryReplicaAsync(server, clients, regions, action);
                        break;
                    case "kill-node":
                        // One node down at a time: the last one restarted must be back before the next kill.
                        await extra.WaitUntilAllUpAsync(ct);
                        await extra.KillAsync(action.Argument);
                        break;
                    case "restart-node": extra.Start(action.Argument); break;
                }
            }
            var remaining = duration - clock.Elapsed;
            if (remaining > TimeSpan.Zero) await Task.Delay(remaining, ct);
        }
        finally
        {
            // However the schedule ends, even by an exception, the clients stop with it.
            stop.Cancel();
            await Task.WhenAll(running);
        }
        log("clients stopped; healing everything");

        foreach (var host in server.Hosts.ToList())
        {
            if (host.State == RegionState.Failed) await server.RecoverAsync(host.Name);
            server.Isolate(host.Name, false);
            foreach (var peer in regions.Where(r => r != host.Name)) server.SetLatency(host.Name, peer, 0);
        }
        await extra.WaitUntilAllUpAsync(ct);
        foreach (var c in nodeClients) c.Dispose();
        var quiet = Stopwatch.StartNew();
        var replicas = await QuiesceAsync(server, regions, ct);
        var quiescedAfter = quiet.Elapsed;
        var logged = (await Task.WhenAll(server.Regions.Select(r => r.LostUpdatesAsync(Table)))).SelectMany(l => l).ToList();
        var lost = LostUpdateView.Effective(logged);
        var violations = Check(replicas, lost, logged, workers);

        var all = workers.SelectMany(w => w.Outcomes).ToList();
        return new ChaosReport(seed, duration, schedule,
            all.LongCount(o => o == WriteOutcome.Acknowledged), all.LongCount(o => o == WriteOutcome.Refused), all.LongCount(o => o == WriteOutcome.Unknown),
            workers.ToDictionary(w => w.Name, w => w.Outcomes.LongCount(o => o == WriteOutcome.Acknowledged)),
            workers.Sum(w => w.Deletes), workers.Sum(w => w.ConditionalRefusals), lost.Count,
            (await Task.WhenAll(catchUps)).ToList(),
            regions.Select(r => server.Router.Rto(r)).Select(r => Math.Max(r.Last?.TotalMilliseconds ?? 0, r.Current?.TotalMilliseconds ?? 0)).Max(),
            worstRpo, quiescedAfter, violations);
    }

    static AmazonDynamoDBClient Client(Uri endpoint, string region) => new(new BasicAWSCredentials("chaos", "chaos"),
        new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(3) });

    static async Task CreateGlobalAsync(Dictionary<string, AmazonDynamoDBClient> clients, List<string> regions, string table, CancellationToken ct)
    {
        var first = clients[regions[0]];
        await first.CreateTableAsync(new CreateTableRequest
        {
            TableName = table, BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        }, ct);
        await UntilAsync(async () => (await first.DescribeTableAsync(table, ct)).Table.TableStatus == TableStatus.ACTIVE, TimeSpan.FromSeconds(30), ct);
        foreach (var region in regions.Skip(1))
        {
            await first.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = table,
                ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = region } }],
            }, ct);
            string seen = "nothing yet";
            await UntilAsync(async () =>
            {
                var source = (await first.DescribeTableAsync(table, ct)).Table;
                var replica = source.Replicas?.FirstOrDefault(x => x.RegionName == region);
                seen = $"{regions[0]} {source.TableStatus}, its replica in {region} {replica?.ReplicaStatus} {replica?.ReplicaStatusPercentProgress}";
                return source.TableStatus == TableStatus.ACTIVE && replica?.ReplicaStatus == ReplicaStatus.ACTIVE;
            }, TimeSpan.FromSeconds(60), ct, () => seen);
        }
    }

    static async Task ChangeAuxiliaryReplicaAsync(GlobalTablesServer server, Dictionary<string, AmazonDynamoDBClient> clients, List<string> regions, ChaosAction action)
    {
        // Ask a region that is up; a refusal (a transition still running) is part of the chaos, not a violation.
        var via = server.Hosts.FirstOrDefault(h => h.State == RegionState.Up && h.Name != action.Region && !h.Isolated);
        if (via is null) return;
        var update = action.Kind == "add-replica"
            ? new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = action.Region } }
            : new ReplicationGroupUpdate { Delete = new DeleteReplicationGroupMemberAction { RegionName = action.Region } };
        try { await clients[via.Name].UpdateTableAsync(new UpdateTableRequest { TableName = AuxiliaryTable, ReplicaUpdates = [update] }); }
        catch (Exception e) when (e is AmazonServiceException or OperationCanceledException or HttpRequestException or TimeoutException) { }
    }

    static async Task<string> CatchUpAsync(GlobalTablesServer server, ChaosAction action, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            var busy = false;
            foreach (var node in server.Regions)
            {
                try { busy |= (await node.ReplicationMetricsAsync()).Any(l => l.Table == Table && (l.Source == action.Region || l.Destination == action.Region) && l.Latency.Pending + l.Latency.Backlog > 0); }
                catch (Exception) { busy = true; }
            }
            if (!busy) return $"{action.Kind} {action.Region} at {action.At.TotalSeconds:0.0}s: caught up in {watch.ElapsedMilliseconds} ms";
            await Task.Delay(50, ct);
        }
        return $"{action.Kind} {action.Region} at {action.At.TotalSeconds:0.0}s: not caught up within 60 s (a later fault may have cut it)";
    }

    async Task<Dictionary<string, Dictionary<ItemKey, StoredItem>>> QuiesceAsync(GlobalTablesServer server, List<string> regions, CancellationToken ct)
    {
        Dictionary<string, Dictionary<ItemKey, StoredItem>> dumps = new();
        var deadline = DateTime.UtcNow + QuiescenceMax;
        while (true)
        {
            dumps.Clear();
            try
            {
                foreach (var node in server.Regions)
                    dumps[node.Name] = (await node.DumpAsync(node.Tables.Find(Table)!)).ToDictionary(e => e.Key, e => e.Item);
                var idle = (await Task.WhenAll(server.Regions.Select(r => r.ReplicationMetricsAsync())))
                    .SelectMany(l => l).Where(l => l.Table == Table).All(l => l.Latency.Pending + l.Latency.Backlog == 0);
                if (idle && dumps.Values.Select(ReplicaDigest.Of).Distinct().Count() == 1) return dumps;
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                // A partition still busy draining its backlog answers late; ask again.
            }
            if (DateTime.UtcNow > deadline)
            {
                log("replicas did not converge within the quiescence deadline");
                return dumps;
            }
            await Task.Delay(200, ct);
        }
    }

    /// <param name="lost">The effective view of <paramref name="logged"/>, every region's log as read.</param>
    static List<string> Check(Dictionary<string, Dictionary<ItemKey, StoredItem>> replicas, IReadOnlyList<LostUpdate> lost, IReadOnlyList<LostUpdate> logged,
        List<ChaosClient> workers)
    {
        var violations = new List<string>();
        var digests = replicas.ToDictionary(r => r.Key, r => ReplicaDigest.Of(r.Value));
        if (digests.Values.Distinct().Count() != 1)
            violations.Add("convergence: replicas differ: " + string.Join(", ", digests.Select(d => $"{d.Key} {replicas[d.Key].Count} items {d.Value[..12]}")));
        var final = replicas.Values.First();
        var sentAppends = workers.SelectMany(w => w.Appends).ToDictionary(kv => kv.Key, kv => kv.Value);
        var sentPuts = workers.SelectMany(w => w.Puts.Keys).ToHashSet();

        static IEnumerable<string> Ids(IReadOnlyDictionary<string, GlobalTables.Model.Attributes.AttributeValue>? image) =>
            image is not null && image.TryGetValue("ids", out var ids) ? ids.L.Select(v => v.S) : [];

        var survivingByKey = final.Where(kv => kv.Key.PartitionKey.S.StartsWith('a')).ToDictionary(kv => kv.Key.PartitionKey.S, kv => Ids(kv.Value.Image).ToHashSet());
        var lostByKey = lost.GroupBy(l => l.Key.PartitionKey.S).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (id, (key, outcome)) in sentAppends.Where(a => a.Value.Outcome == WriteOutcome.Acknowledged))
        {
            var surviving = survivingByKey.GetValueOrDefault(key) ?? [];
            var inLosers = lostByKey.GetValueOrDefault(key)?.Any(l => Ids(l.Loser.Image).Contains(id)) == true;
            if (!surviving.Contains(id) && !inLosers) violations.Add($"vanished: {id} on {key} is neither in the item nor in a logged loser");
        }
        foreach (var l in lost.Where(l => l.Key.PartitionKey.S.StartsWith('a')))
        {
            var own = Ids(l.Loser.Image).LastOrDefault();
            if (own is not null && (survivingByKey.GetValueOrDefault(l.Key.PartitionKey.S)?.Contains(own) ?? false))
            {
                // Enough to tell a log that missed the write carrying the loser on from a merge that kept the loser's data.
                var item = final[l.Key];
                var entries = string.Join("; ", logged.Where(e => e.Key == l.Key).Select(e => $"{e.Loser.Version} lost to {e.Winner.Version} in {e.DetectedIn}"));
                violations.Add($"false alarm: loser {l.Loser.Version} on {l.Key.PartitionKey.S} added {own}, which survives " +
                    $"(the item: {item.Version}, lineage {item.DataLineage}; logged: {entries})");
            }
        }
        foreach (var replica in replicas)
            foreach (var (key, item) in replica.Value)
            {
                foreach (var id in Ids(item.Image)) if (!sentAppends.ContainsKey(id)) violations.Add($"phantom: {id} in {replica.Key} {key.PartitionKey.S}");
                if (item.Image?.TryGetValue("v", out var v) == true && !sentPuts.Contains(v.S)) violations.Add($"phantom: {v.S} in {replica.Key} {key.PartitionKey.S}");
            }
        return violations.Distinct().ToList();
    }

    /// <summary>A question asked again until it holds: one left unanswered in a busy moment is asked again too.</summary>
    static async Task<bool> Answered(Func<Task<bool>> question)
    {
        try { return await question(); }
        catch (Exception e) when (e is TimeoutException or TaskCanceledException or HttpRequestException) { return false; }
    }

    static async Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, CancellationToken ct, Func<string>? seen = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await Answered(done))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("chaos set-up did not finish in time" + (seen is null ? "" : $"; last seen: {seen()}"));
            await Task.Delay(50, ct);
        }
    }
}
