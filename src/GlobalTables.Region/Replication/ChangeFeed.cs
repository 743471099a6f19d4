using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Region.Replication;

/// <summary>
/// The region's most recent writes, local and replicated, for <c>globaltables watch</c>. Bounded; old
/// entries fall off. Adding keeps only what the feed shows, by reference: entries are formatted when someone reads
/// them, not on every write, and no entry holds a change's image (thousands of images kept for a moment each would be
/// promoted by the GC and die old, making full collections frequent under load). Each entry keeps its table's
/// replication tag, so the writes of a dropped table are not shown as the writes of a new table of the same name.
/// </summary>
public sealed class ChangeFeed(TableDirectory tables)
{
    const int EntriesMax = 4096;
    readonly record struct Entry(long Sequence, DateTimeOffset At, string Region, string Tag, string Table, ItemKey Key, bool Deleted, Version Version,
        ApplyOutcome? Outcome);

    readonly Queue<Entry> _entries = new();
    long _sequence;

    /// <param name="tag">The <see cref="Model.Tables.TableDefinition.ReplicationTag"/> of the table written.</param>
    public void Add(string region, string tag, ItemChanged change, ApplyOutcome? outcome)
    {
        lock (_entries)
        {
            _entries.Enqueue(new Entry(++_sequence, DateTimeOffset.UtcNow, region, tag, change.Table, change.Key, change.NewImage is null, change.Version, outcome));
            if (_entries.Count > EntriesMax) _entries.Dequeue();
        }
    }

    /// <summary>
    /// The entries after <paramref name="sequence"/> whose table is still there, the same table and not one that took its
    /// name; and the last sequence looked at, which a reader asks after next so as not to look at dropped tables' again.
    /// </summary>
    public FeedPage Since(long sequence)
    {
        List<Entry> newer;
        long through;
        lock (_entries)
        {
            newer = _entries.Where(e => e.Sequence > sequence).ToList();
            through = Math.Max(sequence, _sequence);
        }
        return new FeedPage(newer.Where(e => tables.Find(e.Table)?.ReplicationTag == e.Tag).Select(e => new FeedEntry(e.Sequence, e.At, e.Region, e.Version.Region, e.Table,
            AttributeValueJson.Serialize(e.Key.PartitionKey) + (e.Key.SortKey is null ? "" : " " + AttributeValueJson.Serialize(e.Key.SortKey)),
            e.Deleted ? "delete" : "put", e.Outcome?.ToString() ?? "local", e.Version.ToString())).ToList(), through);
    }
}

/// <summary>What a read of the feed found, and the last sequence it looked at.</summary>
public sealed record FeedPage(IReadOnlyList<FeedEntry> Entries, long Through);

/// <summary>One write as the feed shows it: where it was applied, where it came from, and what the apply rule did.</summary>
public sealed record FeedEntry(long Sequence, DateTimeOffset At, string Region, string Origin, string Table, string Key, string Kind, string Outcome, string Version);
