using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence.Sql.Config;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Backups;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Configuration;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Persistence;
using GlobalTables.Region.Replication;
using LinqToDB;

namespace GlobalTables.Region;

/// <summary>
/// One node of a simulated region: an ActorSystem in the region's cluster, which is this node alone or the nodes it
/// joins (docs/cluster.md). Cluster Sharding spreads the table partitions over the nodes; the catalog, the transaction
/// coordinator and the replication hub are cluster singletons; every node serves the whole region. The journal is in the
/// region's store: a SQLite file, or its schema of a PostgreSQL database, which all its nodes share.
/// </summary>
public sealed class RegionNode : IAsyncDisposable
{
    public string Name { get; }
    public ActorSystem System { get; }
    public IActorRef Partitions { get; }
    /// <summary>The partitions running on this node, asked directly rather than through <see cref="Partitions"/>.</summary>
    public LocalPartitions LocalPartitions { get; private init; } = null!;
    public IActorRef Catalog { get; }
    public TableDirectory Tables { get; }
    public TimeSpan AskTimeout { get; }
    public string AccountId { get; }
    public string DataFolder { get; }
    public PeerDirectory Peers { get; }
    public IActorRef Hub { get; }
    public ChangeFeed Feed { get; }
    public ReplicationSettings Replication { get; }
    public Streams.ShardReader Streams { get; }
    public LostUpdateLog LostUpdateLog { get; }
    /// <summary>Tags per page of ListTagsOfResource, <c>globaltables.list-tags-page-size</c>.</summary>
    public int TagsPageSize { get; private init; } = 50;
    /// <summary>The region's clock, which time to live reads.</summary>
    public TimeProvider Time { get; private init; } = TimeProvider.System;

    /// <summary>Backups and point-in-time recovery settings: DescribeContinuousBackups reports the latest restorable time with them.</summary>
    public BackupSettings Backups { get; private init; } = null!;
    /// <summary>The region's store as linq2db opens it, the journal's own: SQLite or PostgreSQL (in the region's schema).</summary>
    public DataOptions Store => _store.Options;
    readonly RegionStore _store;
    public Address Address => Cluster.Get(System).SelfAddress;

    /// <summary>The region's nodes that are up and that this node reaches, itself included.</summary>
    public int ReachableNodes
    {
        get
        {
            var state = Cluster.Get(System).State;
            return state.Members.Count(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m));
        }
    }

    /// <summary>This incarnation of the region's ActorSystem: a region recovered on the same address gets a new one.</summary>
    public long Incarnation => Cluster.Get(System).SelfUniqueAddress.Uid;

    /// <summary>
    /// Tells remoting that a peer's incarnation has stopped for good. A region recovered on the address it had
    /// would otherwise meet this node's endpoint for the old incarnation, which can keep both directions silent.
    /// </summary>
    /// <summary>Cuts replication both ways, or ends the cut; on heal the links on both sides resume at once.</summary>
    public void Isolate(bool isolated)
    {
        Replication.Isolated = isolated;
        if (!isolated) AnnounceReachable();
    }

    /// <summary>Tells this region's links and its peers' links here that they can resume now (after heal or recovery).</summary>
    public void AnnounceReachable() => Hub.Tell(ReplicationHub.Reachable.Instance);

    /// <summary>
    /// Stops replication both ways before the node itself stops: neither this region nor its peers in this process take the
    /// stop for a failure, and a peer elsewhere is refused at once instead of waiting for a reply the stopped node cannot send.
    /// </summary>
    public void StopReplication() => Replication.Stopping = true;

    public void Quarantine(Address peer, long incarnation) =>
        ((Akka.Remote.IRemoteActorRefProvider)((ExtendedActorSystem)System).Provider).Quarantine(peer, (int)incarnation);

    RegionNode(string name, ActorSystem system, IActorRef partitions, IActorRef catalog, TableDirectory tables, TimeSpan askTimeout, string accountId, string dataFolder,
        PeerDirectory peers, IActorRef hub, ReplicationSettings replication, ChangeFeed feed, Streams.ShardReader streams, LostUpdateLog lostUpdateLog,
        RegionStore store)
    {
        _store = store;
        LostUpdateLog = lostUpdateLog;
        Streams = streams;
        Feed = feed;
        Peers = peers;
        Hub = hub;
        Replication = replication;
        Name = name;
        System = system;
        Partitions = partitions;
        Catalog = catalog;
        Tables = tables;
        AskTimeout = askTimeout;
        AccountId = accountId;
        DataFolder = dataFolder;
    }

    /// <param name="akkaConfig">The text of config/akka.conf.</param>
    /// <param name="dataFolder">This node's own folder; created if missing. The caller holds its <see cref="Persistence.DataFolderLock"/>.</param>
    /// <param name="simulateLatency">Delay replication by the WAN latency in the region's settings.</param>
    /// <param name="store">The deployment's store; null is <c>globaltables.store</c> of <paramref name="akkaConfig"/>.</param>
    /// <param name="seedNodes">Nodes of the region's cluster to join; none: this node is the region, and joins itself.</param>
    /// <param name="journalPath">For SQLite: the region's journal file, which its nodes in one machine share; null: journal.db in <paramref name="dataFolder"/>.</param>
    public static async Task<RegionNode> StartAsync(RegionSettings settings, string akkaConfig, string dataFolder, int remotingPort, bool simulateLatency = false,
        TimeProvider? time = null, StoreSettings? store = null, IReadOnlyList<Address>? seedNodes = null, string? journalPath = null)
    {
        time ??= TimeProvider.System;
        Directory.CreateDirectory(dataFolder);
        var shared = ConfigurationFactory.ParseString(akkaConfig);
        var regionStore = await RegionStore.OpenAsync(store ?? StoreSettings.From(shared.GetConfig("globaltables.store")), settings.Name, dataFolder, journalPath);

        var config = ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.port = {remotingPort}")
            .WithFallback(regionStore.PluginConfig())
            .WithFallback(shared)
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration)
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig());

        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), new DataOptionsSetup(regionStore.Options), QuietRemoting(config));
        var system = ActorSystem.Create(SystemName(settings.Name), setup);

        system.ActorOf(Persistence.DeadLetterReplier.Props(), "dead-letter-replier");
        system.ActorOf(PeerQuarantineLog.Props(), "peer-quarantine-log");
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource();
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        if (seedNodes is { Count: > 0 }) cluster.JoinSeedNodes(seedNodes);
        else cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        system.ActorOf(Nodes.ClusterEventLog.Props(settings.Name), "cluster-event-log");

        var gt = config.GetConfig("globaltables");
        var askTimeout = gt.GetTimeSpan("ask-timeout", TimeSpan.FromSeconds(10));
        var tables = new TableDirectory();
        var peers = new PeerDirectory();
        var replication = new ReplicationSettings(settings.LatencyMs, gt.GetTimeSpan("replication-ask-timeout", TimeSpan.FromSeconds(3)), simulateLatency);
        var feed = new ChangeFeed(tables);
        // Partitions on every node tell the hub each local write; the proxy, named as the hub was, finds it on whichever
        // node runs it. The hub starts once the partitions have, since it reads snapshots through them.
        var hubName = ReplicationHub.Path[(ReplicationHub.Path.LastIndexOf('/') + 1)..];
        var hub = Nodes.RegionSingleton.Proxy(system, hubName);

        var shardCount = config.GetInt("akka.cluster.sharding.number-of-shards", 100);
        var backoff = Persistence.JournalBackoff.Of(system);
        var partitionSettings = PartitionSettings.From(gt);
        var backupSettings = BackupSettings.From(gt.GetConfig("backups"));
        var localPartitions = new LocalPartitions();
        var receptionist = system.ActorOf(PartitionReceptionist.Props(localPartitions), "partition-receptionist");
        var partitions = await ClusterSharding.Get(system).StartAsync(
            "partition",
            entityId => backoff.Supervise(PartitionEntity.Props(entityId, settings.Name, time, hub, partitionSettings, tables, backupSettings, receptionist), "partition"),
            ClusterShardingSettings.Create(system),
            new PartitionMessageExtractor(shardCount));
        Nodes.RegionSingleton.Manage(system, ReplicationHub.Props(settings, tables, peers, replication, feed,
            ReplicationLinkSettings.From(gt.GetConfig("replication")), time, partitions), hubName);

        // Each node's singleton manager runs the catalog with this node's directory, partitions and peers, should this
        // node be the oldest; its proxy keeps the path peers send catalog commands to.
        // Made on first use, once the region is up: the read journal asks the journal for itself when it is made, which
        // a PostgreSQL store still setting up may not answer in time.
        var streamJournal = new Lazy<Streams.StreamJournal>(() => new Streams.StreamJournal(system, askTimeout));
        var accountId = gt.GetString("account-id", "000000000000");
        var backups = new TableBackups(new TableAsOf(system, streamJournal, askTimeout, backupSettings.JournalPage), partitions,
            Path.Combine(dataFolder, backupSettings.Folder), backupSettings, askTimeout);
        var catalog = Nodes.RegionSingleton.Start(system, backoff.Supervise(TableCatalog.Props(
            tables, partitions, time,
            gt.GetTimeSpan("table-transition", TimeSpan.FromMilliseconds(200)),
            gt.GetInt("partitions-per-table", Model.Limits.PartitionCountDefault), settings.Name, peers,
            gt.GetTimeSpan("indexes.build-timeout", TimeSpan.FromMinutes(5)),
            gt.GetTimeSpan("time-to-live.transition", TimeSpan.FromSeconds(10)), accountId, backups, replication.AskTimeout), "tables"), "catalog");
        var directory = system.ActorOf(DirectorySubscriber.Props(tables, catalog, gt.GetTimeSpan("catalog-subscribe-retry", TimeSpan.FromSeconds(1))),
            "directory-subscriber");
        system.ActorOf(ReplicationReceiver.Props(settings.Name, tables, partitions, catalog, new OffsetStore(regionStore.Options), askTimeout, feed, replication), "replication-receiver");
        // The catalog must have recovered, and this node's directory hold its tables, before the API serves, or a restart
        // or a node that joins would look empty.
        await directory.Ask<DirectoryChanged>(AwaitDirectory.Instance, TimeSpan.FromSeconds(30));
        PartitionStarter.Schedule(system, partitions, tables, partitionSettings.TimeToLiveScanInterval);

        var streamsConfig = gt.GetConfig("streams");
        var layout = new Model.Streams.ShardLayout(
            streamsConfig.GetTimeSpan("shard-rollover", TimeSpan.FromHours(4)),
            streamsConfig.GetTimeSpan("shard-seal-delay", TimeSpan.FromSeconds(2)),
            streamsConfig.GetTimeSpan("retention", TimeSpan.FromHours(24)));
        var streams = new Streams.ShardReader(streamJournal.Value, layout,
            streamsConfig.GetTimeSpan("iterator-lifetime", TimeSpan.FromMinutes(15)), time);

        var lostUpdateLog = new LostUpdateLog(system, LostUpdateSettings.From(gt.GetConfig("lost-updates")), time);

        return new RegionNode(settings.Name, system, partitions, catalog, tables, askTimeout,
            accountId, dataFolder, peers, hub, replication, feed, streams, lostUpdateLog, regionStore)
        {
            TagsPageSize = gt.GetInt("list-tags-page-size", 50),
            Backups = backupSettings,
            Time = time,
            LocalPartitions = localPartitions,
        };
    }

    static string SystemName(string region) => "region-" + region;

    /// <summary>
    /// Akka.Remote's own lines about a node it can no longer reach, which it repeats at every try and, when a node stops
    /// cleanly, with a stack trace. <see cref="Nodes.ClusterEventLog"/> says each change of a region's nodes once.
    /// </summary>
    static LogFilterSetup QuietRemoting(Config config)
    {
        var filters = new LogFilterBuilder();
        foreach (var pattern in config.GetStringList("globaltables.quiet-log-messages"))
            filters.ExcludeMessageRegex(new Regex(pattern, RegexOptions.Compiled));
        return filters.Build();
    }

    /// <summary>The Akka.Remote address a region's node listens at, for peers in other processes.</summary>
    public static Address AddressOf(string region, int remotingPort, string host = "127.0.0.1") => new("akka.tcp", SystemName(region), host, remotingPort);

    public Task<WriteDecision> WriteAsync(TableDefinition table, WriteRequest request) =>
        AskPartition<WriteDecision>(Envelope(table, request.Key, new WriteItem(request)));

    public Task<ItemRead> ReadAsync(TableDefinition table, ItemKey key) =>
        AskPartition<ItemRead>(Envelope(table, key, new ReadItem(key)));

    /// <summary>Asks a partition, directly when it runs on this node (<see cref="LocalPartitions"/>), else through sharding.</summary>
    public Task<T> AskPartition<T>(PartitionEnvelope envelope) => LocalPartitions.AskAsync<T>(envelope, Partitions, AskTimeout);

    public async Task<(long ItemCount, long SizeBytes)> StatsAsync(TableDefinition table)
    {
        var (count, size, _) = await TableStatsAsync(table);
        return (count, size);
    }

    /// <summary>Each partition's stats as it last answered, by entity id, for while it cannot answer.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, PartitionStats> _lastStats = new(StringComparer.Ordinal);

    /// <summary>
    /// The table's ItemCount and TableSizeBytes, and each secondary index's, summed over its partitions. DynamoDB's counts
    /// are approximate, and DescribeTable never fails for them: a partition that cannot answer now (its journal failed and
    /// it is starting again) counts as it last answered, or as empty.
    /// </summary>
    public async Task<(long ItemCount, long SizeBytes, IReadOnlyDictionary<string, IndexStats> Indexes)> TableStatsAsync(TableDefinition table)
    {
        var stats = await Task.WhenAll(Enumerable.Range(0, table.PartitionCount).Select(async p =>
        {
            var entityId = table.PartitionEntityId(p);
            try
            {
                var answered = await Partitions.Ask<PartitionStats>(new PartitionEnvelope(entityId, GetPartitionStats.Instance), AskTimeout);
                _lastStats[entityId] = answered;
                return answered;
            }
            catch (Exception e) when (e is AskTimeoutException or Model.Validation.DynamoException)
            {
                return _lastStats.GetValueOrDefault(entityId) ?? new PartitionStats(0, 0);
            }
        }));
        var indexes = stats.SelectMany(s => s.Indexes ?? []).GroupBy(i => i.Name)
            .ToDictionary(g => g.Key, g => new IndexStats(g.Key, g.Sum(i => i.ItemCount), g.Sum(i => i.SizeBytes)));
        return (stats.Sum(s => s.ItemCount), stats.Sum(s => s.SizeBytes), indexes);
    }

    /// <summary>
    /// The GSI and LSI lag of every index of the region's tables (docs/indexes.md): from each change's HLC stamp to its
    /// entry, over the recent samples of every partition.
    /// </summary>
    public async Task<IReadOnlyList<IndexLag>> IndexLagsAsync()
    {
        var lags = new List<IndexLag>();
        foreach (var table in Tables.All.Values.Where(t => t.SecondaryIndexes.Count > 0 && t.Status != Model.Tables.TableStatus.DELETING))
        {
            var partitions = await Task.WhenAll(Enumerable.Range(0, table.PartitionCount).Select(p =>
                Partitions.Ask<IndexLags>(new PartitionEnvelope(table.PartitionEntityId(p), GetIndexLags.Instance), AskTimeout)));
            foreach (var index in table.SecondaryIndexes)
            {
                var mine = partitions.SelectMany(p => p.Lags.Where(l => l.Index == index.Name)).ToList();
                var recent = mine.SelectMany(l => l.RecentMs).ToArray();
                lags.Add(new IndexLag(table.Name, index.Name, Model.Indexes.IndexLagSamples.Quantile(recent, 0.50),
                    Model.Indexes.IndexLagSamples.Quantile(recent, 0.99), mine.Count == 0 ? 0 : mine.Max(l => l.LastMs), mine.Sum(l => l.Count)));
            }
        }
        return lags;
    }

    /// <summary>The lost-update log of one table, or of every table, in this region, within its retention, oldest first: read from the journal page by page.</summary>
    public async Task<IReadOnlyList<LostUpdate>> LostUpdatesAsync(string? tableName = null) =>
        (await LostUpdateLog.ReadAllAsync(tableName)).OrderBy(l => l.DetectedAt).ToList();

    /// <summary>Every item of a table with its Version and Context, tombstones included, after pending writes.</summary>
    public async Task<IReadOnlyList<(ItemKey Key, StoredItem Item)>> DumpAsync(TableDefinition table)
    {
        var dumps = await Task.WhenAll(Enumerable.Range(0, table.PartitionCount).Select(p =>
            Partitions.Ask<ItemsDumped>(new PartitionEnvelope(table.PartitionEntityId(p), DumpItems.Instance), AskTimeout)));
        return dumps.SelectMany(d => d.Items).ToList();
    }

    public Task<List<ReplicationHub.LinkMetrics>> ReplicationMetricsAsync() =>
        Hub.Ask<List<ReplicationHub.LinkMetrics>>(ReplicationHub.GetMetrics.Instance, AskTimeout);

    /// <summary>Asks the region's catalog about its backups, wherever it runs.</summary>
    public Task<TAnswer> AskBackups<TAnswer>(object message) => Catalog.Ask<TAnswer>(message, AskTimeout);

    /// <summary>Asks the region's catalog, wherever it runs, and answers once this node's directory shows the change.</summary>
    public async Task<CatalogResult> AskCatalog(object message)
    {
        var result = await Catalog.Ask<CatalogResult>(message, AskTimeout);
        // The change is made either way; a directory that lags longer (its catalog just moved) catches up on its own.
        await Tables.ReachAsync(result.Version, AskTimeout);
        return result;
    }

    static PartitionEnvelope Envelope(TableDefinition table, ItemKey key, object message) =>
        new(table.PartitionEntityId(key.PartitionOf(table.PartitionCount)), message);

    public async ValueTask DisposeAsync()
    {
        StopReplication();
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        _store.Release();
    }
}
