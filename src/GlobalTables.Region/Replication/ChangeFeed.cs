using GlobalTables.Model.Attributes;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;

namespace GlobalTables.Region.Replication;

/// <summary>The region's most recent writes, local and replicated, for <c>globaltables watch</c>. Bounded; old entries fall off.</summary>
public sealed class ChangeFeed
{
    const int EntriesMax = 4096;
    readonly Queue<FeedEntry> _entries = new();
    long _sequence;

    public void Add(string region, ItemChanged change, ApplyOutcome? outcome)
    {
        lock (_entries)
        {
            _entries.Enqueue(new FeedEntry(++_sequence, DateTimeOffset.UtcNow, region, change.Version.Region, change.Table,
                AttributeValueJson.Serialize(change.Key.PartitionKey) + (change.Key.SortKey is null ? "" : " " + AttributeValueJson.Serialize(change.Key.SortKey)),
                change.NewImage is null ? "delete" : "put", outcome?.ToString() ?? "local", change.Version.ToString()));
            if (_entries.Count > EntriesMax) _entries.Dequeue();
        }
    }

    public IReadOnlyList<FeedEntry> Since(long sequence)
    {
        lock (_entries) return _entries.Where(e => e.Sequence > sequence).ToList();
    }
}

/// <summary>One write as the feed shows it: where it was applied, where it came from, and what the apply rule did.</summary>
public sealed record FeedEntry(long Sequence, DateTimeOffset At, string Region, string Origin, string Table, string Key, string Kind, string Outcome, string Version);
