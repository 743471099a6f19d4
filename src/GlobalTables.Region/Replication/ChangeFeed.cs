using GlobalTables.Model.Attributes;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;

namespace GlobalTables.Region.Replication;

/// <summary>
/// The region's most recent writes, local and replicated, for <c>globaltables watch</c>. Bounded; old
/// entries fall off. Adding only keeps a reference: entries are formatted when someone reads them,
/// not on every write.
/// </summary>
public sealed class ChangeFeed
{
    const int EntriesMax = 4096;
    readonly Queue<(long Sequence, DateTimeOffset At, string Region, ItemChanged Change, ApplyOutcome? Outcome)> _entries = new();
    long _sequence;

    public void Add(string region, ItemChanged change, ApplyOutcome? outcome)
    {
        lock (_entries)
        {
            _entries.Enqueue((++_sequence, DateTimeOffset.UtcNow, region, change, outcome));
            if (_entries.Count > EntriesMax) _entries.Dequeue();
        }
    }

    public IReadOnlyList<FeedEntry> Since(long sequence)
    {
        List<(long Sequence, DateTimeOffset At, string Region, ItemChanged Change, ApplyOutcome? Outcome)> newer;
        lock (_entries) newer = _entries.Where(e => e.Sequence > sequence).ToList();
        return newer.Select(e => new FeedEntry(e.Sequence, e.At, e.Region, e.Change.Version.Region, e.Change.Table,
            AttributeValueJson.Serialize(e.Change.Key.PartitionKey) + (e.Change.Key.SortKey is null ? "" : " " + AttributeValueJson.Serialize(e.Change.Key.SortKey)),
            e.Change.NewImage is null ? "delete" : "put", e.Outcome?.ToString() ?? "local", e.Change.Version.ToString())).ToList();
    }
}

/// <summary>One write as the feed shows it: where it was applied, where it came from, and what the apply rule did.</summary>
public sealed record FeedEntry(long Sequence, DateTimeOffset At, string Region, string Origin, string Table, string Key, string Kind, string Outcome, string Version);
