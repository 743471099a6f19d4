using Akka.Actor;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Tests.Partitions;

/// <summary>A real region node on SQLite in a temp folder: partitions apply replicated changes by LWW and keep their log across restarts.</summary>
public sealed class PartitionEntityTests : RegionNodeTests
{
    Task<TableDefinition> CreateTableAsync(string name) => TestRegion.CreateTableAsync(Node, name);

    static ItemChanged Remote(string table, string region, long ms, string value) => new(
        table, new ItemKey(AttributeValue.FromS("k"), null),
        new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k"), ["v"] = AttributeValue.FromS(value) },
        new Version(new HlcStamp(ms, 0), region),
        VersionVector.Empty.With(new Version(new HlcStamp(ms, 0), region)),
        ReplicatedFrom: region);

    async Task<ApplyOutcome> ApplyAsync(TableDefinition table, ItemChanged change) =>
        Assert.Single((await Node.Partitions.Ask<ReplicatedApplied>(new PartitionEnvelope(table.PartitionEntityId(change.Key.PartitionOf(table.PartitionCount)),
            new ApplyReplicated([change])), TimeSpan.FromSeconds(10))).Outcomes);

    [Fact]
    public async Task Concurrent_replicated_writes_keep_the_higher_version_and_log_the_loser_durably()
    {
        var table = await CreateTableAsync("Counters");
        var early = Remote("Counters", "eu-west-2", 1_000, "from-london");
        var late = Remote("Counters", "ap-southeast-1", 2_000, "from-singapore");

        Assert.Equal(ApplyOutcome.Overwrite, await ApplyAsync(table, early));
        Assert.Equal(ApplyOutcome.ConcurrentIncomingWon, await ApplyAsync(table, late));
        Assert.Equal(ApplyOutcome.Stale, await ApplyAsync(table, early));

        await RestartAsync();
        table = Node.Tables.Find("Counters")!;

        var read = await Node.ReadAsync(table, early.Key);
        Assert.Equal("from-singapore", read.Image!["v"].S);
        var lost = Assert.Single(await Node.LostUpdatesAsync("Counters"));
        Assert.Equal(early.Version, lost.Loser.Version);
        Assert.Equal(late.Version, lost.Winner.Version);
        Assert.Equal("from-london", lost.Loser.Image!["v"].S);
        var stored = Assert.Single(await Node.DumpAsync(table));
        Assert.Equal(early.Context.Merge(late.Context), stored.Item.Context);

        // A local write after recovery is stamped above everything recovered, so it overwrites without a conflict.
        var decision = await Node.WriteAsync(table, new PutRequest(early.Key,
            new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k"), ["v"] = AttributeValue.FromS("local") }, null, ReturnValue.NONE, false));
        Assert.Null(decision.Error);
        Assert.True(decision.Change!.Version > late.Version);
        Assert.True(decision.Change.Context.Covers(stored.Item.Context));
    }

    /// <summary>Polls until <paramref name="found"/> gives something, for at most 10 s.</summary>
    static async Task<T> UntilAsync<T>(Func<Task<T?>> found, string what) where T : class =>
        (await Eventually.ReadAsync(found, value => value is not null, _ => what))!;

    [Fact]
    public async Task A_running_partition_is_asked_on_its_node_directly_and_its_next_incarnation_once_it_stopped()
    {
        var table = await CreateTableAsync("Listed");
        Assert.Null((await Node.WriteAsync(table, Put("a", "1"))).Error);
        var entityId = table.PartitionEntityId(Key("a").PartitionOf(table.PartitionCount));
        var first = await UntilAsync(() => Task.FromResult(Node.LocalPartitions.Find(entityId)), "the partition was never listed");

        // Stopped as a failing journal stops it: its backoff supervisor starts another, which is listed in its place.
        Node.System.Stop(first);
        var next = await UntilAsync(() => Task.FromResult(Node.LocalPartitions.Find(entityId) is { } p && !p.Equals(first) ? p : null),
            "the partition started again was never listed");

        // Written and read through the new one; a write sent while none ran answers 500 and changes nothing.
        var written = await UntilAsync(async () =>
        {
            try { return await Node.WriteAsync(table, Put("a", "2")); }
            catch (Model.Validation.DynamoException e) when (e.Code == Model.Validation.ErrorCode.InternalServerError) { return null; }
        }, "no write succeeded after the partition started again");
        Assert.Null(written.Error);
        Assert.Equal("2", (await Node.ReadAsync(table, Key("a"))).Image!["v"].S);
        Assert.Equal(next, Node.LocalPartitions.Find(entityId));
    }

    [Fact]
    public async Task Dumps_that_wait_behind_a_write_leave_the_journal_able_to_write()
    {
        // A dump answers after the writes before it (DeferAsync), so dumps arriving while the journal works send
        // it batches with no events. The journal must take those as successes: had it failed them, ten in a row
        // would open its circuit breaker and no partition could write or recover.
        var table = await CreateTableAsync("Reads");
        var key = new ItemKey(AttributeValue.FromS("k"), null);
        WriteRequest Put(string value) => new PutRequest(key,
            new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k"), ["v"] = AttributeValue.FromS(value) }, null, ReturnValue.NONE, false);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        long reads = 0;
        var readers = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Node.DumpAsync(table);
                Interlocked.Increment(ref reads);
            }
        })).ToList();
        for (int i = 0; !stop.IsCancellationRequested; i++)
        {
            Assert.Null((await Node.WriteAsync(table, Put($"v{i}"))).Error);
            await Task.Delay(200);
        }
        await Task.WhenAll(readers);

        Assert.Null((await Node.WriteAsync(table, Put("after"))).Error);
        Assert.Equal("after", (await Node.ReadAsync(table, key)).Image!["v"].S);
        Assert.True(reads > 100, $"{reads} dumps");
    }
}
