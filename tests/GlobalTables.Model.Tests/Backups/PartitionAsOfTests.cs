using GlobalTables.Model.Attributes;
using GlobalTables.Model.Backups;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Tests.Backups;

/// <summary>A partition rebuilt as of a time from a snapshot and the journal after it (docs/backups.md).</summary>
public sealed class PartitionAsOfTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T00:00:00Z");

    static ItemKey Key(string pk) => new(AttributeValue.FromS(pk), null);

    static ItemChanged Change(string pk, string? value, long ms)
    {
        var version = new Model.Replication.Version(new HlcStamp(T0.ToUnixTimeMilliseconds() + ms, 0), "us-east-1");
        var image = value is null ? null : new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk), ["v"] = AttributeValue.FromS(value) };
        return new ItemChanged("T", Key(pk), image, version, VersionVector.Empty.With(version));
    }

    static string Contents(PartitionAsOf p) =>
        string.Join(",", p.Items.Select(i => $"{i.Key.PartitionKey.S}={i.Item.Image!["v"].S}").Order());

    static PartitionSnapshot Snapshot(params ItemChanged[] changes) =>
        new("T", changes.Select((c, i) => KeyValuePair.Create(c.Key, StoredItem.Of(c, i + 1))).ToList(), [], [], [], default);

    [Fact]
    public void Events_stored_by_the_time_are_applied_in_order_and_the_first_one_after_it_ends_the_read()
    {
        var asOf = new PartitionAsOf(Snapshot(Change("a", "1", 0), Change("b", "1", 0)), 2, T0.AddSeconds(10));
        asOf.Take(3, T0.AddSeconds(5), Change("a", "2", 5000));
        asOf.Take(4, T0.AddSeconds(6), Change("b", null, 6000));
        asOf.Take(5, T0.AddSeconds(7), new object());
        asOf.Take(6, T0.AddSeconds(11), Change("c", "1", 11000));
        asOf.Take(7, T0.AddSeconds(8), Change("d", "1", 8000));
        Assert.True(asOf.Ended);
        Assert.Equal(5, asOf.Sequence);
        Assert.Equal("a=2", Contents(asOf));
    }

    [Fact]
    public void Events_the_snapshot_holds_are_skipped()
    {
        var asOf = new PartitionAsOf(Snapshot(Change("a", "1", 0)), 3, T0.AddSeconds(10));
        asOf.Take(2, T0, Change("a", "0", 0));
        asOf.Take(4, T0.AddSeconds(1), Change("b", "1", 1000));
        Assert.Equal("a=1,b=1", Contents(asOf));
    }

    [Fact]
    public void A_missing_event_means_the_journal_no_longer_holds_what_the_time_needs()
    {
        var asOf = new PartitionAsOf(null, 0, T0.AddSeconds(10));
        var e = Assert.Throws<InvalidOperationException>(() => asOf.Take(5, T0, Change("a", "1", 0)));
        Assert.Contains("no longer holds event 1", e.Message);
    }
}
