using System.Globalization;

namespace GlobalTables.Model.Streams;

/// <summary>
/// A shard: the records one partition wrote during one window of the stream. Like DynamoDB's, shards roll
/// over: when a window ends its shard is sealed and the partition's next shard, its child, takes the writes.
/// </summary>
public readonly record struct StreamShard(int Partition, int Window)
{
    const string Prefix = "shardId-";

    public string Id => $"{Prefix}{Window.ToString("D20", CultureInfo.InvariantCulture)}-{Partition.ToString("x8", CultureInfo.InvariantCulture)}";

    public StreamShard? Parent => Window == 0 ? null : new StreamShard(Partition, Window - 1);

    public StreamShard Child => new(Partition, Window + 1);

    public static StreamShard? TryParse(string id)
    {
        if (!id.StartsWith(Prefix, StringComparison.Ordinal) || id.Length != Prefix.Length + 29 || id[Prefix.Length + 20] != '-') return null;
        if (!int.TryParse(id.AsSpan(Prefix.Length, 20), NumberStyles.None, CultureInfo.InvariantCulture, out var window)) return null;
        if (!int.TryParse(id.AsSpan(Prefix.Length + 21), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var partition)) return null;
        return new StreamShard(partition, window);
    }
}

/// <summary>How a stream's time is cut into shard windows, and which shards are readable now.</summary>
/// <param name="Rollover">How long a shard takes writes before its child takes over.</param>
/// <param name="SealDelay">How long after its window ends a shard is sealed: a write stamped just before the end may still be committing.</param>
/// <param name="Retention">How long records stay readable.</param>
public sealed record ShardLayout(TimeSpan Rollover, TimeSpan SealDelay, TimeSpan Retention)
{
    public DateTimeOffset WindowStart(TableStream stream, int window) => stream.EnabledAt + Rollover * window;

    /// <summary>The end of a shard's window: the next window's start, or when the stream was disabled.</summary>
    public DateTimeOffset WindowEnd(TableStream stream, int window)
    {
        var end = WindowStart(stream, window + 1);
        return stream.DisabledAt is { } disabled && disabled < end ? disabled : end;
    }

    public int WindowAt(TableStream stream, DateTimeOffset at) =>
        at <= stream.EnabledAt ? 0 : (int)Math.Min(int.MaxValue, (at - stream.EnabledAt).Ticks / Rollover.Ticks);

    /// <summary>No more writes can land in the shard: its window ended longer ago than the seal delay.</summary>
    public bool IsSealed(TableStream stream, int window, DateTimeOffset now) => now >= WindowEnd(stream, window) + SealDelay;

    public DateTimeOffset TrimHorizon(DateTimeOffset now) => now - Retention;

    /// <summary>The windows whose shards exist now: from the oldest holding untrimmed records to the current one.</summary>
    public (int First, int Last) Windows(TableStream stream, DateTimeOffset now)
    {
        var last = WindowAt(stream, stream.DisabledAt is { } d && d < now ? d - TimeSpan.FromTicks(1) : now);
        var first = Math.Min(last, WindowAt(stream, TrimHorizon(now)));
        return (first, last);
    }

    /// <summary>A stream is listed until its last records are trimmed.</summary>
    public bool IsListed(TableStream stream, DateTimeOffset now) => stream.DisabledAt is not { } d || d > TrimHorizon(now);
}
