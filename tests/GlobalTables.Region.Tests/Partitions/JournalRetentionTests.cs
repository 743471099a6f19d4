using Akka.Actor;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Replication;
using GlobalTables.Testing;

namespace GlobalTables.Region.Tests.Partitions;

/// <summary>
/// Journal retention and tombstone collection on a real region on SQLite, with a clock the test shifts past the
/// retention (docs/bounded-state.md). A table without replicas has no peer to wait for, so only the retention holds rows.
/// A restart comes between the steps.
/// </summary>
public sealed class JournalRetentionTests : RegionNodeTests
{
    const int SnapshotEvery = 40;

    /// <summary>One partition per table, so every write lands in the partition under test; the fault kit in front of the stores.</summary>
    protected override string Config => $"""
        globaltables.partitions-per-table = 1
        globaltables.snapshots.after-events = {SnapshotEvery}
        globaltables.snapshots.after = 1h
        globaltables.journal-retention.interval = 200ms
        """ + "\n" + FaultyJournal.ConfigOverride;

    static readonly TimeSpan PastRetention = TimeSpan.FromHours(25);

    TableDefinition Table => Node.Tables.Find("Kept")!;

    string EntityId => Table.PartitionEntityId(0);

    async Task WriteAsync(WriteRequest request) => Assert.Null((await Node.WriteAsync(Table, request)).Error);

    /// <summary>Writes every key once more, all at once, with the round in the value.</summary>
    async Task RoundAsync(int keys, int round) =>
        await Task.WhenAll(Enumerable.Range(0, keys).Select(k => WriteAsync(Put($"k{k}", $"r{round}"))));

    async Task<IReadOnlyList<long>> KeptAsync() => (await JournalAsync(EntityId)).Select(e => e.SequenceNr).ToList();

    Task<IReadOnlyList<long>> UntilKeptAsync(Func<IReadOnlyList<long>, bool> done, string what) =>
        Eventually.ReadAsync(KeptAsync, done, kept => $"{what}: the journal holds {kept.Count} events, {kept.FirstOrDefault()} to {kept.LastOrDefault()}",
            TimeSpan.FromSeconds(20));

    async Task<StoredItem?> StoredAsync(string pk) =>
        (await Node.DumpAsync(Table)).Where(e => e.Key.Equals(Key(pk))).Select(e => e.Item).SingleOrDefault();

    /// <summary>
    /// What may stay once the clock is past the retention of everything but the last round: that round, and up to two
    /// snapshot intervals with the writes in the journal's hands when they were taken (a mark is only as old as the
    /// confirmation of the last event its snapshot numbered).
    /// </summary>
    static int Bound(int keys) => 2 * SnapshotEvery + 2 * keys;

    [Fact]
    public async Task Under_steady_overwrites_the_journal_keeps_the_retention_window_and_one_snapshot_interval()
    {
        const int keys = 50, rounds = 12;
        await TestRegion.CreateTableAsync(Node, "Kept");
        for (int round = 0; round < rounds; round++) await RoundAsync(keys, round);

        // Within the retention nothing goes, however many snapshots there are.
        Assert.Equal(keys * rounds, (await UntilKeptAsync(k => k.Count == keys * rounds, "before the retention")).Count);

        // A day later, the rows below the newest snapshot that a mark covers go.
        Time.Offset = PastRetention;
        await RoundAsync(keys, rounds);
        var kept = await UntilKeptAsync(k => k.Count <= Bound(keys), "a day later");
        Assert.Equal(keys * (rounds + 1), kept[^1]);

        await RestartAsync();
        for (int k = 0; k < keys; k++)
            Assert.Equal($"r{rounds}", (await Node.ReadAsync(Table, Key($"k{k}"))).Image!["v"].S);

        // It stays bounded as writes go on after the restart, with the clock past the retention of what came before.
        for (int round = rounds + 1; round < 2 * rounds; round++) await RoundAsync(keys, round);
        Time.Offset = 2 * PastRetention;
        await RoundAsync(keys, 2 * rounds);
        kept = await UntilKeptAsync(k => k.Count <= Bound(keys), "after the restart");
        Assert.Equal(keys * (2 * rounds + 1), kept[^1]);
        await RestartAsync();
        var (count, _) = await Node.StatsAsync(Table);
        Assert.Equal(keys, count);
        Assert.Equal($"r{2 * rounds}", (await Node.ReadAsync(Table, Key("k7"))).Image!["v"].S);
    }

    [Fact]
    public async Task A_snapshot_save_that_runs_long_keeps_no_more_past_the_retention()
    {
        const int keys = 50, rounds = 12;
        await TestRegion.CreateTableAsync(Node, "Kept");
        // The partition's first save is answered only once healed, so no other starts while every round is written.
        var faults = JournalFaults.Get(Node.System);
        faults.HoldSnapshots(EntityId);
        for (int round = 0; round < rounds; round++) await RoundAsync(keys, round);

        Time.Offset = PastRetention;
        await RoundAsync(keys, rounds);
        faults.Heal();
        var kept = await UntilKeptAsync(k => k.Count <= Bound(keys), "after the slow save");
        Assert.Equal(keys * (rounds + 1), kept[^1]);
    }

    [Fact]
    public async Task A_failed_deletion_keeps_every_row_and_a_later_pass_deletes_them()
    {
        const int keys = 50, rounds = 5;
        await TestRegion.CreateTableAsync(Node, "Kept");
        var faults = JournalFaults.Get(Node.System);
        faults.FailDeletes(EntityId);
        for (int round = 0; round < rounds; round++) await RoundAsync(keys, round);
        Time.Offset = PastRetention;
        await RoundAsync(keys, rounds);

        await Eventually.UntilAsync(() => faults.DeletesFailed >= 2, "no deletion was tried");
        // Nothing went, and the partition serves on.
        Assert.Equal(keys * (rounds + 1), (await KeptAsync()).Count);
        Assert.Equal($"r{rounds}", (await Node.ReadAsync(Table, Key("k3"))).Image!["v"].S);
        await WriteAsync(Put("k3", "after-the-failure"));

        faults.Heal();
        var kept = await UntilKeptAsync(k => k.Count <= Bound(keys), "after the heal");
        Assert.Equal(keys * (rounds + 1) + 1, kept[^1]);
        Assert.Equal("after-the-failure", (await Node.ReadAsync(Table, Key("k3"))).Image!["v"].S);
    }

    [Fact]
    public async Task A_change_whose_earlier_event_may_be_deleted_carries_the_item_as_it_was()
    {
        await TestRegion.CreateTableAsync(Node, "Kept");
        await WriteAsync(Put("a", "first"));
        await WriteAsync(Put("a", "second"));
        // Until a snapshot is taken, a change points back to the event before it.
        var second = (ItemChanged)(await JournalAsync(EntityId))[^1].Event;
        Assert.Equal(1, second.PreviousSequence);
        Assert.Null(second.Prior);

        for (int i = 0; i < SnapshotEvery; i++) await WriteAsync(Put($"filler{i}", "x"));
        await UntilSnapshotAsync(SnapshotEvery);
        await WriteAsync(Put("a", "third"));
        var third = (ItemChanged)(await JournalAsync(EntityId))[^1].Event;
        Assert.Equal(0, third.PreviousSequence);
        Assert.Equal("second", third.Prior!.Image!["v"].S);
        Assert.Equal(second.Version, third.Prior.Version);

        // After a restart, every change to an item set before it carries the item, since those events were decided
        // against marks this run does not know.
        await RestartAsync();
        await WriteAsync(Put("filler0", "y"));
        var after = (ItemChanged)(await JournalAsync(EntityId))[^1].Event;
        Assert.Equal("x", after.Prior!.Image!["v"].S);
    }

    async Task UntilSnapshotAsync(long atLeast)
    {
        var store = Akka.Persistence.Persistence.Instance.Apply(Node.System).SnapshotStoreFor(null);
        await Eventually.ReadAsync(() => store.Ask<Akka.Persistence.LoadSnapshotResult>(
                new Akka.Persistence.LoadSnapshot(EntityId, Akka.Persistence.SnapshotSelectionCriteria.Latest, long.MaxValue), TimeSpan.FromSeconds(10)),
            latest => latest.Snapshot?.Metadata.SequenceNr >= atLeast, _ => $"no snapshot at {atLeast}");
    }

    Task<ReplicatedApplied> ReplicateAsync(ItemChanged change, bool isFill = false) =>
        Node.Partitions.Ask<ReplicatedApplied>(new PartitionEnvelope(EntityId, new ApplyReplicated([change], isFill)), TimeSpan.FromSeconds(10));

    /// <summary>A write made in eu-west-2 at <paramref name="stamp"/>, concurrent with everything here.</summary>
    static ItemChanged PeerWrite(string pk, string v, HlcStamp stamp)
    {
        var version = new Model.Replication.Version(stamp, "eu-west-2");
        return new ItemChanged("Kept", Key(pk), new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk), ["v"] = AttributeValue.FromS(v) },
            version, VersionVector.Empty.With(version), ReplicatedFrom: "eu-west-2");
    }

    [Fact]
    public async Task A_tombstone_is_collected_after_the_retention_and_a_late_older_write_still_loses_to_it()
    {
        await TestRegion.CreateTableAsync(Node, "Kept");
        await WriteAsync(Put("gone", "v1"));
        await WriteAsync(new DeleteRequest(Key("gone"), null, ReturnValue.NONE, false));
        var tombstone = await StoredAsync("gone");
        Assert.True(tombstone!.IsTombstone);
        for (int i = 0; i < SnapshotEvery; i++) await WriteAsync(Put($"filler{i}", "x"));
        await UntilSnapshotAsync(SnapshotEvery);

        // Within the retention the tombstone stays.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.NotNull(await StoredAsync("gone"));

        Time.Offset = PastRetention;
        await Eventually.ReadAsync(() => StoredAsync("gone"), stored => stored is null, _ => "the tombstone was not collected");
        // A snapshot after the collection keeps it across a restart.
        for (int i = 0; i < SnapshotEvery; i++) await WriteAsync(Put($"filler{i}", "y"));
        await UntilSnapshotAsync(2 * SnapshotEvery);
        await RestartAsync();
        Assert.Null(await StoredAsync("gone"));

        // A peer's write made before the delete, delivered only now: it would have lost to the tombstone, and loses still.
        var older = PeerWrite("gone", "late", tombstone.Version.Stamp with { PhysicalMs = tombstone.Version.Stamp.PhysicalMs - 1 });
        Assert.Equal(ApplyOutcome.Stale, Assert.Single((await ReplicateAsync(older)).Outcomes));
        Assert.Null((await Node.ReadAsync(Table, Key("gone"))).Image);
        Assert.Null(await StoredAsync("gone"));

        // A write after the delete applies as it would have.
        var newer = PeerWrite("gone", "back", tombstone.Version.Stamp with { PhysicalMs = tombstone.Version.Stamp.PhysicalMs + 1 });
        Assert.Equal(ApplyOutcome.Overwrite, Assert.Single((await ReplicateAsync(newer)).Outcomes));
        Assert.Equal("back", (await Node.ReadAsync(Table, Key("gone"))).Image!["v"].S);

        // A fill is a peer's state as it stands, not its journal: an old item in it applies.
        var filled = PeerWrite("never-deleted", "old", tombstone.Version.Stamp with { PhysicalMs = tombstone.Version.Stamp.PhysicalMs - 1000 });
        Assert.Equal(ApplyOutcome.Overwrite, Assert.Single((await ReplicateAsync(filled, isFill: true)).Outcomes));
        Assert.Equal("old", (await Node.ReadAsync(Table, Key("never-deleted"))).Image!["v"].S);
    }
}
