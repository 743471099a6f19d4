using Akka.Actor;
using Akka.Persistence;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Replication;
using GlobalTables.Region.Transactions;
using GlobalTables.Testing;

namespace GlobalTables.Region.Tests.Partitions;

/// <summary>
/// Partition snapshots on a real region on SQLite: saved every N events or after a while, loaded on restart with only
/// the events after them replayed, and complete: items, tombstones, Versions, Contexts, event sequence numbers and the
/// locks of prepared transactions. The lost-update log is no state: it stays in the journal. A restart comes between
/// every step.
/// </summary>
public sealed class PartitionSnapshotTests : RegionNodeTests
{
    /// <summary>One partition per table, so every write lands in the partition under test; the fault kit in front of the stores.</summary>
    protected override string Config => """
        globaltables.partitions-per-table = 1
        globaltables.snapshots.after-events = 10
        globaltables.snapshots.after = 300ms
        globaltables.backups.snapshot-hold = 1s
        """ + "\n" + FaultyJournal.ConfigOverride;

    TableDefinition Table => Node.Tables.Find("Snap")!;

    string EntityId => Table.PartitionEntityId(0);

    async Task WriteAsync(WriteRequest request) => Assert.Null((await Node.WriteAsync(Table, request)).Error);

    Task<LoadSnapshotResult> LatestSnapshotAsync() =>
        Akka.Persistence.Persistence.Instance.Apply(Node.System).SnapshotStoreFor(null)
            .Ask<LoadSnapshotResult>(new LoadSnapshot(EntityId, SnapshotSelectionCriteria.Latest, long.MaxValue), TimeSpan.FromSeconds(10));

    Task<LoadSnapshotResult> SnapshotAtAsync(long sequenceNr) =>
        Eventually.ReadAsync(LatestSnapshotAsync, latest => latest.Snapshot?.Metadata.SequenceNr >= sequenceNr,
            latest => $"no snapshot at {sequenceNr}; latest at {latest.Snapshot?.Metadata.SequenceNr}");

    /// <summary>Deletes the journal's events up to a sequence number, through the journal's own protocol.</summary>
    async Task DeleteJournalToAsync(long sequenceNr)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(Node.System).JournalFor(null);
        var inbox = Inbox.Create(Node.System);
        journal.Tell(new DeleteMessagesTo(EntityId, sequenceNr, inbox.Receiver));
        Assert.IsType<DeleteMessagesSuccess>(await inbox.ReceiveAsync(TimeSpan.FromSeconds(10)));
    }

    async Task<string> StateAsync()
    {
        var items = await Node.DumpAsync(Table);
        return string.Join("\n", items.OrderBy(i => i.Key.PartitionKey.S).Select(i =>
            $"{i.Key.PartitionKey.S} {(i.Item.Image is null ? "tombstone" : i.Item.Image["v"].S)} {i.Item.Version} {i.Item.Context} {i.Item.WriteContext} {i.Item.DataLineage} seq {i.Item.Sequence}"));
    }

    async Task<string> LostAsync() =>
        string.Join(", ", (await Node.LostUpdatesAsync("Snap")).Select(l => $"{l.Key.PartitionKey.S} {l.Winner.Version}>{l.Loser.Version}"));

    [Fact]
    public async Task A_restart_loads_the_latest_snapshot_and_replays_only_what_came_after()
    {
        await TestRegion.CreateTableAsync(Node, "Snap");
        for (int i = 0; i < 12; i++) await WriteAsync(Put($"k{i % 5}", $"v{i}"));
        await WriteAsync(new DeleteRequest(Key("k4"), null, ReturnValue.NONE, false));
        // A concurrent write from a peer that loses: a lost update, and a merged Context.
        var remote = new ItemChanged("Snap", Key("k0"),
            new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("k0"), ["v"] = AttributeValue.FromS("remote") },
            new Version(new HlcStamp(1_000, 0), "eu-west-2"), VersionVector.Empty.With(new Version(new HlcStamp(1_000, 0), "eu-west-2")), ReplicatedFrom: "eu-west-2");
        var applied = await Node.Partitions.Ask<ReplicatedApplied>(new PartitionEnvelope(EntityId, new ApplyReplicated([remote])), TimeSpan.FromSeconds(10));
        Assert.Equal(ApplyOutcome.ConcurrentCurrentWon, Assert.Single(applied.Outcomes));

        // 13 writes and the merge (2 events): the snapshot at 10 events, then one after 300 ms for the rest.
        var snapshot = await SnapshotAtAsync(15);
        Assert.Equal(15, snapshot.Snapshot!.Metadata.SequenceNr);
        var before = await StateAsync();
        Assert.Contains("k4 tombstone", before);
        var lost = await LostAsync();
        Assert.StartsWith("k0 ", lost);

        await RestartAsync();
        Assert.Equal(before, await StateAsync());
        // The snapshot holds no lost update; the log is read from the journal.
        Assert.Equal(lost, await LostAsync());

        // Nothing below the snapshot is read any more: delete it from the journal, and the state is still whole.
        await DeleteJournalToAsync(15);
        await RestartAsync();
        Assert.Equal(before, await StateAsync());

        // The tail after the snapshot is replayed on top of it, and a change still points back to its item's event.
        await WriteAsync(Put("k1", "after"));
        await RestartAsync();
        var after = await StateAsync();
        Assert.Contains("k1 after", after);
        var k1 = (await Node.DumpAsync(Table)).Single(i => i.Key.Equals(Key("k1"))).Item;
        Assert.Equal(16, k1.Sequence);
        var next = await Node.WriteAsync(Table, Put("k1", "again"));
        Assert.Equal(16, next.Change!.PreviousSequence);
    }

    [Fact]
    public async Task A_prepared_transaction_keeps_its_locks_across_a_snapshot_and_a_restart()
    {
        await TestRegion.CreateTableAsync(Node, "Snap");
        var transaction = Guid.NewGuid().ToString("N");
        var action = new TransactionAction(0, EntityId, Put("locked", "tx"));
        var vote = await Node.Partitions.Ask<PrepareVote>(new PartitionEnvelope(EntityId, new PrepareTransaction(transaction, [action])), TimeSpan.FromSeconds(10));
        Assert.True(vote.Yes);
        for (int i = 0; i < 10; i++) await WriteAsync(Put($"k{i}", "v"));
        await SnapshotAtAsync(11);
        await DeleteJournalToAsync(11);

        await RestartAsync();
        var refused = await Node.WriteAsync(Table, Put("locked", "other"));
        Assert.Equal(ErrorCode.TransactionConflict, refused.Error?.Code);

        var applied = await Node.Partitions.Ask<DecisionApplied>(new PartitionEnvelope(EntityId, new ApplyDecision(transaction, Commit: true)), TimeSpan.FromSeconds(10));
        Assert.Equal(transaction, applied.TransactionId);
        Assert.Equal("tx", (await Node.ReadAsync(Table, Key("locked"))).Image!["v"].S);
        await RestartAsync();
        Assert.Equal("tx", (await Node.ReadAsync(Table, Key("locked"))).Image!["v"].S);
        await WriteAsync(Put("locked", "free"));
    }

    [Fact]
    public async Task A_snapshot_the_store_cannot_save_leaves_the_writes_alone_and_the_next_one_is_saved_after_the_heal()
    {
        await TestRegion.CreateTableAsync(Node, "Snap");
        var faults = JournalFaults.Get(Node.System);
        faults.FailSnapshots("Snap@");
        for (int i = 0; i < 25; i++) await WriteAsync(Put($"k{i}", "v"));
        await Eventually.ReadAsync(() => Task.FromResult(faults.SnapshotsFailed), tried => tried >= 2, tried => $"{tried} snapshot saves tried");
        Assert.Null((await LatestSnapshotAsync()).Snapshot);
        var before = await StateAsync();

        // The journal holds everything a failed snapshot would have: a restart replays it whole, and the restarted
        // region's store (its fault kit healed) saves the next one.
        await RestartAsync();
        Assert.Equal(before, await StateAsync());
        for (int i = 25; i < 35; i++) await WriteAsync(Put($"k{i}", "v"));
        var saved = await SnapshotAtAsync(35);
        Assert.Equal(35, saved.Snapshot!.Metadata.SequenceNr);
    }

    [Fact]
    public async Task Older_snapshots_go_once_a_newer_one_is_older_than_the_backup_hold()
    {
        await TestRegion.CreateTableAsync(Node, "Snap");
        for (int i = 0; i < 30; i++) await WriteAsync(Put($"k{i}", "v"));
        await SnapshotAtAsync(30);
        var store = Akka.Persistence.Persistence.Instance.Apply(Node.System).SnapshotStoreFor(null);
        Task<LoadSnapshotResult> AtOrBelowAsync(long sequenceNr) =>
            store.Ask<LoadSnapshotResult>(new LoadSnapshot(EntityId, new SnapshotSelectionCriteria(sequenceNr), long.MaxValue), TimeSpan.FromSeconds(10));
        // Within the hold (1 s here) the older ones stay: a backup may be reading from them.
        Assert.NotNull((await AtOrBelowAsync(29)).Snapshot);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        for (int i = 0; i < 10; i++) await WriteAsync(Put($"k{i}", "w"));
        await SnapshotAtAsync(40);
        await Eventually.ReadAsync(() => AtOrBelowAsync(29), older => older.Snapshot is null,
            older => $"a snapshot at {older.Snapshot!.Metadata.SequenceNr} is still kept");
        // The newest saved before the hold began stays: a backup of a second ago starts from it.
        Assert.Equal(30, (await AtOrBelowAsync(39)).Snapshot?.Metadata.SequenceNr);
    }
}
