using System.Collections.Immutable;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Tests.Replication;

/// <summary>The feed that watch and the web console read: a dropped table's writes are not shown, nor looked at twice.</summary>
public sealed class ChangeFeedTests
{
    static TableDefinition Table(string name) => TableValidation.Define(
        new CreateTableRequest(name, [("pk", "S")], [("pk", "HASH")], "PAY_PER_REQUEST", null, null, null, null), Guid.NewGuid().ToString(), 4, DateTimeOffset.UnixEpoch);

    static ItemChanged Put(string table, string pk, long at)
    {
        var version = new Version(new HlcStamp(at, 0), "us-east-1");
        return new ItemChanged(table, new ItemKey(AttributeValue.FromS(pk), null), new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk) },
            version, VersionVector.Empty.With(version));
    }

    static ImmutableSortedDictionary<string, TableDefinition> Named(params TableDefinition[] tables) =>
        tables.ToImmutableSortedDictionary(t => t.Name, t => t, StringComparer.Ordinal);

    [Fact]
    public void Writes_to_a_dropped_table_are_left_out_and_the_reader_moves_past_them()
    {
        var tables = new TableDirectory();
        var (kept, dropped) = (Table("kept"), Table("dropped"));
        tables.Publish(Named(kept, dropped), 1);
        var feed = new ChangeFeed(tables);
        feed.Add("us-east-1", kept.ReplicationTag, Put("kept", "a", 1), null);
        feed.Add("us-east-1", dropped.ReplicationTag, Put("dropped", "b", 2), null);
        feed.Add("us-east-1", dropped.ReplicationTag, Put("dropped", "c", 3), null);

        var first = feed.Since(0);
        Assert.Equal(["kept", "dropped", "dropped"], first.Entries.Select(e => e.Table));
        Assert.Equal(3, first.Through);

        // Dropped, then created again under its name: the old table's writes are not the new one's.
        var again = Table("dropped");
        tables.Publish(Named(kept, again), 2);
        var all = feed.Since(0);
        Assert.Equal(["{\"S\":\"a\"}"], all.Entries.Select(e => e.Key));
        Assert.Equal(3, all.Through);

        // Only dropped tables' writes since 1: nothing to show, and the next read starts after them.
        var none = feed.Since(1);
        Assert.Empty(none.Entries);
        Assert.Equal(3, none.Through);
        feed.Add("us-east-1", again.ReplicationTag, Put("dropped", "d", 4), null);
        var next = feed.Since(none.Through);
        Assert.Equal((4L, "{\"S\":\"d\"}"), (Assert.Single(next.Entries).Sequence, next.Entries[0].Key));
        Assert.Equal(4, next.Through);
    }

    [Fact]
    public void An_entry_shows_its_write_without_keeping_the_image()
    {
        var tables = new TableDirectory();
        var table = Table("kept");
        tables.Publish(Named(table), 1);
        var feed = new ChangeFeed(tables);
        var image = AddPutKeepingOnlyAWeakReference(feed, table.ReplicationTag);
        var version = new Version(new HlcStamp(6, 0), "eu-west-2");
        feed.Add("us-east-1", table.ReplicationTag, new ItemChanged("kept", new ItemKey(AttributeValue.FromS("b"), AttributeValue.FromN("7")), null,
            version, VersionVector.Empty.With(version)), ApplyOutcome.ConcurrentIncomingWon);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // Under load the feed holds thousands of recent writes; holding their images made each one die old.
        Assert.False(image.IsAlive, "the feed keeps a write's image");

        var entries = feed.Since(0).Entries;
        Assert.Equal(["put", "delete"], entries.Select(e => e.Kind));
        Assert.Equal(["{\"S\":\"a\"}", "{\"S\":\"b\"} {\"N\":\"7\"}"], entries.Select(e => e.Key));
        Assert.Equal(["local", "ConcurrentIncomingWon"], entries.Select(e => e.Outcome));
        Assert.Equal(("eu-west-2", version.ToString()), (entries[1].Origin, entries[1].Version));
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static WeakReference AddPutKeepingOnlyAWeakReference(ChangeFeed feed, string tag)
    {
        var change = Put("kept", "a", 5);
        feed.Add("us-east-1", tag, change, null);
        return new WeakReference(change.NewImage);
    }
}
