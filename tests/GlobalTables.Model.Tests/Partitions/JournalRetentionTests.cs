using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Tables;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Partitions;

/// <summary>
/// The rules of journal retention and tombstone collection (docs/bounded-state.md): how far a partition may delete its
/// journal, which changes carry their prior image so that no stream record loses its old image, which tombstones go,
/// and how a change from a peer's journal resolves against a key whose tombstone went.
/// </summary>
public sealed class JournalRetentionTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T00:00:00Z");

    [Fact]
    public void A_mark_is_made_when_the_journal_has_confirmed_every_event_its_snapshot_numbered()
    {
        var retention = new JournalRetention();
        retention.Taken(handedToJournal: 10, confirmed: 8, T0);
        Assert.Equal(10, retention.InlineAtOrBelow);
        retention.Confirmed(9, T0);
        Assert.Empty(retention.Marks);
        retention.Confirmed(12, T0.AddSeconds(1));
        Assert.Equal([new RetentionMark(10, T0.AddSeconds(1))], retention.Marks);
        // With nothing in the journal's hands, the mark is made at once.
        retention.Taken(handedToJournal: 12, confirmed: 12, T0.AddSeconds(2));
        Assert.Equal(new RetentionMark(12, T0.AddSeconds(2)), retention.Marks[^1]);
    }

    [Fact]
    public void The_journal_goes_through_the_newest_mark_no_reader_needs_and_a_saved_snapshot_covers()
    {
        var retention = new JournalRetention();
        foreach (var (sequence, minutes) in new[] { (10L, 0), (20L, 10), (30L, 20) })
        {
            retention.Taken(sequence, sequence, T0.AddMinutes(minutes));
        }
        Assert.Null(retention.DeletableThrough(T0.AddMinutes(-1), snapshotSequence: 30));
        Assert.Equal(20, retention.DeletableThrough(T0.AddMinutes(15), snapshotSequence: 30));
        // Recovery would start from the snapshot: nothing above it may go.
        Assert.Equal(10, retention.DeletableThrough(T0.AddMinutes(60), snapshotSequence: 15));

        retention.Deleted(20);
        // The newest mark the deletion passed stays: tombstones may wait for an older time than the deletion did.
        Assert.Equal([new RetentionMark(20, T0.AddMinutes(10)), new RetentionMark(30, T0.AddMinutes(20))], retention.Marks);
        Assert.Null(retention.DeletableThrough(T0.AddMinutes(15), snapshotSequence: 30));
        Assert.Equal(0, retention.StoredBy(T0.AddMinutes(5)));
        Assert.Equal(20, retention.StoredBy(T0.AddMinutes(15)));
        Assert.Equal(30, retention.StoredBy(T0.AddMinutes(20)));
    }

    [Fact]
    public void A_mark_is_due_each_snapshot_interval_of_events_even_while_a_slow_save_lets_no_snapshot_start()
    {
        const int interval = 40;
        var schedule = new SnapshotSchedule(interval);
        var retention = new JournalRetention();
        schedule.Add(interval);
        Assert.True(schedule.TakeDue());
        retention.Taken(handedToJournal: 40, confirmed: 40, T0);
        Assert.False(retention.MarkDue(79, interval));

        // The save runs long, and 500 events come meanwhile, 50 at a time: no snapshot starts, yet each batch is marked.
        for (long handed = 90; handed <= 540; handed += 50)
        {
            schedule.Add(50);
            Assert.False(schedule.TakeDue());
            Assert.True(retention.MarkDue(handed, interval));
            retention.Taken(handed, handed - 50, T0.AddSeconds(handed));
            retention.Confirmed(handed, T0.AddSeconds(handed));
        }
        schedule.Ended();
        Assert.True(schedule.TakeDue());

        // Once the next snapshot is saved, the journal may go through the newest mark old enough, not only the slow save's.
        Assert.Equal(490, retention.DeletableThrough(T0.AddSeconds(500), snapshotSequence: 540));

        // After a restart, the count starts again from the end of recovery.
        retention.Recovered(lastSequence: 540);
        Assert.False(retention.MarkDue(579, interval));
        Assert.True(retention.MarkDue(580, interval));
    }

    [Fact]
    public void After_a_restart_every_change_to_an_item_set_before_it_carries_the_item()
    {
        var retention = new JournalRetention();
        retention.Restore([new RetentionMark(10, T0), new RetentionMark(50, T0)]);
        retention.Recovered(lastSequence: 40);
        Assert.Equal(40, retention.InlineAtOrBelow);
        // A mark past the journal's end (its events were never stored) is dropped.
        Assert.Equal([new RetentionMark(10, T0)], retention.Marks);
    }

    static readonly ItemKey Key = new(S("k"), null);

    static PartitionState NewState() => new("T", "us-east-1", new HybridLogicalClock(TimeProvider.System));

    static PutRequest Put(string v) => new(Key, Item(("pk", S("k")), ("v", S(v))), null, ReturnValue.NONE, false);

    /// <summary>Decides and applies a write as the partition does: at the next sequence number, linked.</summary>
    static ItemChanged Write(PartitionState state, WriteRequest request, long sequence)
    {
        var (_, changes) = state.DecideInOrder([request], sequence - 1);
        var change = Assert.Single(changes);
        state.Apply(change, sequence);
        return change;
    }

    [Fact]
    public void A_change_points_back_until_a_snapshot_covers_the_event_it_follows_and_then_carries_the_item()
    {
        var state = NewState();
        var first = Write(state, Put("a"), 1);
        var second = Write(state, Put("b"), 2);
        Assert.Equal((1L, (PriorImage?)null), (second.PreviousSequence, second.Prior));

        state.Retention.Taken(2, 2, T0);
        var third = Write(state, Put("c"), 3);
        Assert.Equal(0, third.PreviousSequence);
        Assert.Equal(second.Version, third.Prior!.Version);
        Assert.Equal("b", third.Prior.Image!["v"].S);
        // The next one follows an event above the snapshot's: a pointer again.
        Assert.Equal(3, Write(state, Put("d"), 4).PreviousSequence);

        // Its stream record is the same as the pointer would have given.
        var schema = new KeySchema(new KeyAttribute("pk", AttributeType.S), null);
        var record = StreamRecord.Of(third, null, 3, T0, "arn", "shard", schema, "NEW_AND_OLD_IMAGES")!;
        var pointed = StreamRecord.Of(third with { Prior = null, PreviousSequence = 2 }, second, 3, T0, "arn", "shard", schema, "NEW_AND_OLD_IMAGES")!;
        Assert.Equal(StreamRecord.Modify, record.EventName);
        Assert.Equal("b", record.OldImage!["v"].S);
        Assert.Equal((pointed.EventId, pointed.EventName, pointed.SizeBytes, pointed.OldImage!["v"]), (record.EventId, record.EventName, record.SizeBytes, record.OldImage["v"]));
        Assert.Null(first.Prior);
    }

    [Fact]
    public void A_tombstone_goes_once_it_is_older_than_the_retention_and_acknowledged()
    {
        var state = NewState();
        Write(state, Put("a"), 1);
        var delete = Write(state, new DeleteRequest(Key, null, ReturnValue.NONE, false), 2);
        var deletedAt = DateTimeOffset.FromUnixTimeMilliseconds(delete.Version.Stamp.PhysicalMs);

        Assert.Equal(0, state.CollectTombstones(acknowledgedThrough: 1, olderThan: deletedAt.AddDays(1)));
        Assert.Equal(0, state.CollectTombstones(acknowledgedThrough: 2, olderThan: deletedAt));
        Assert.Equal(1, state.CollectTombstones(acknowledgedThrough: 2, olderThan: deletedAt.AddMilliseconds(1)));
        Assert.Null(state.Find(Key));
        Assert.Empty(state.Order.Walk(null, true, true));
        Assert.Equal(delete.Version.Stamp, state.CollectedThrough);
        Assert.Equal(0, state.ItemCount);
    }

    static ItemChanged PeerWrite(HlcStamp stamp)
    {
        var version = new Model.Replication.Version(stamp, "eu-west-2");
        return new ItemChanged("T", Key, Item(("pk", S("k")), ("v", S("peer"))), version, VersionVector.Empty.With(version), ReplicatedFrom: "eu-west-2");
    }

    [Fact]
    public void A_peers_change_to_a_collected_key_resolves_as_it_would_have_against_the_tombstone()
    {
        var state = NewState();
        Write(state, Put("a"), 1);
        var delete = Write(state, new DeleteRequest(Key, null, ReturnValue.NONE, false), 2);
        var stamp = delete.Version.Stamp;
        var older = PeerWrite(stamp with { PhysicalMs = stamp.PhysicalMs - 1 });
        var newer = PeerWrite(stamp with { PhysicalMs = stamp.PhysicalMs + 1 });

        // With the tombstone: the older write loses, the newer one wins.
        Assert.Equal(ApplyOutcome.ConcurrentCurrentWon, state.ResolveReplicated([older], T0, 2).Outcomes[0]);
        Assert.Equal(ApplyOutcome.ConcurrentIncomingWon, state.ResolveReplicated([newer], T0, 2).Outcomes[0]);

        state.CollectTombstones(2, DateTimeOffset.MaxValue);
        var lost = state.ResolveReplicated([older], T0, 2);
        Assert.Equal(ApplyOutcome.Stale, Assert.Single(lost.Outcomes));
        Assert.Empty(lost.Events);
        var won = state.ResolveReplicated([newer], T0, 2);
        Assert.Equal(ApplyOutcome.Overwrite, Assert.Single(won.Outcomes));
        Assert.Equal("peer", ((ItemChanged)Assert.Single(won.Events)).NewImage!["v"].S);
        // A fill is the peer's state as it stands: it applies.
        Assert.Equal(ApplyOutcome.Overwrite, Assert.Single(state.ResolveReplicated([older], T0, 2, isFill: true).Outcomes));
    }

    [Fact]
    public void A_peers_change_never_keeps_the_prior_image_of_its_origin()
    {
        var state = NewState();
        Write(state, Put("a"), 1);
        state.Retention.Taken(1, 1, T0);
        // Made on top of the item here, with the origin's own prior image in it.
        var version = new Model.Replication.Version(new HlcStamp(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds(), 0), "eu-west-2");
        var incoming = PeerWrite(version.Stamp) with
        {
            Context = VersionVector.Empty.With(state.Find(Key)!.Version).With(version),
            Prior = new PriorImage(Item(("pk", S("k")), ("v", S("theirs"))), new Model.Replication.Version(new HlcStamp(1, 0), "eu-west-2")),
        };
        var change = (ItemChanged)Assert.Single(state.ResolveReplicated([incoming], T0, 1).Events);
        // Linked here, to this replica's own item.
        Assert.Equal("a", change.Prior!.Image!["v"].S);
        Assert.Equal(0, change.PreviousSequence);
    }
}
