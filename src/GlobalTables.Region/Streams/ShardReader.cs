using System.Globalization;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Region.Streams;

/// <summary>A shard as DescribeStream shows it; EndingSequence is set once the shard is sealed.</summary>
public sealed record ShardDescription(StreamShard Shard, long StartingSequence, long? EndingSequence);

/// <summary>One GetRecords answer; Next is null once a sealed shard has been read to its end.</summary>
public sealed record RecordsRead(IReadOnlyList<StreamRecord> Records, ShardIterator? Next);

/// <summary>
/// Serves a table's stream from its partition journals: shard p of window w holds the item changes partition p
/// persisted during that window, local and replicated alike, so each write applied here appears once.
/// </summary>
public sealed class ShardReader(StreamJournal journal, ShardLayout layout, TimeSpan iteratorLifetime, TimeProvider time)
{
    /// <summary>DynamoDB's GetRecords limits.</summary>
    public const int RecordsMax = 1000;
    const long BytesMax = 1024 * 1024;
    /// <summary>Rows read per journal query; a call may skip many rows that make no record, so it reads a few pages at most.</summary>
    const int RowsPerPage = 1000;
    const int PagesMax = 4;
    /// <summary>Entries each cache below holds at most; trimmed shards are never asked for again, so clearing now and then bounds them.</summary>
    const int CachedMax = 100_000;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>A sealed shard's range never changes again, so it is looked up in the journal once.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Partition, string Stream, int Window), ShardDescription> _sealed = new();

    /// <summary>Nor does a shard's start once written, while its window is retained whole: each costs a search of the journal.</summary>
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Partition, string Stream, int Window), long> _starts = new();

    public ShardLayout Layout => layout;

    public async Task<List<ShardDescription>> DescribeAsync(TableDefinition table, TableStream stream)
    {
        var now = Now;
        var (first, last) = layout.Windows(stream, now);
        var shards = new List<ShardDescription>();
        // Parents before children, as DynamoDB lists them.
        for (int w = first; w <= last; w++)
            for (int p = 0; p < table.PartitionCount; p++)
                shards.Add(await DescribeAsync(table, stream, new StreamShard(p, w), now));
        return shards;
    }

    async Task<ShardDescription> DescribeAsync(TableDefinition table, TableStream stream, StreamShard shard, DateTimeOffset now)
    {
        var id = table.PartitionEntityId(shard.Partition);
        var windowStart = layout.WindowStart(stream, shard.Window);
        bool isSealed = layout.IsSealed(stream, shard.Window, now);
        // Trimming moves a sealed shard's start, so only a shard whose whole window is still retained is kept.
        bool cacheable = isSealed && windowStart >= layout.TrimHorizon(now);
        if (cacheable && _sealed.TryGetValue((id, stream.Label, shard.Window), out var known)) return known;
        var start = await StartAsync(id, stream, shard.Window, now);
        if (!isSealed) return new ShardDescription(shard, start, null);
        var end = (await journal.FirstAtOrAfterAsync(id, layout.WindowEnd(stream, shard.Window))).Sequence - 1;
        var description = new ShardDescription(shard, start, Math.Max(start, end));
        if (cacheable)
        {
            if (_sealed.Count >= CachedMax) _sealed.Clear();
            _sealed[(id, stream.Label, shard.Window)] = description;
        }
        return description;
    }

    /// <summary>Where a shard's records start: its window's first write, or the first after the trim horizon once that has passed the window's start.</summary>
    async Task<long> StartAsync(string id, TableStream stream, int window, DateTimeOffset now)
    {
        var windowStart = layout.WindowStart(stream, window);
        var trimHorizon = layout.TrimHorizon(now);
        if (windowStart < trimHorizon) return (await journal.FirstAtOrAfterAsync(id, trimHorizon)).Sequence;
        if (_starts.TryGetValue((id, stream.Label, window), out var known)) return known;
        var start = await journal.FirstAtOrAfterAsync(id, windowStart);
        if (start.Written)
        {
            if (_starts.Count >= CachedMax) _starts.Clear();
            _starts[(id, stream.Label, window)] = start.Sequence;
        }
        return start.Sequence;
    }

    /// <summary>Whether the shard exists now: its partition is the table's and its window is not trimmed or in the future.</summary>
    public bool Exists(TableDefinition table, TableStream stream, StreamShard shard)
    {
        var (first, last) = layout.Windows(stream, Now);
        return shard.Partition >= 0 && shard.Partition < table.PartitionCount && shard.Window >= first && shard.Window <= last;
    }

    public async Task<ShardIterator> IteratorAsync(string streamArn, TableDefinition table, TableStream stream, StreamShard shard, string type, string? sequenceNumber)
    {
        var now = Now;
        var id = table.PartitionEntityId(shard.Partition);
        long position = type switch
        {
            "TRIM_HORIZON" => await StartAsync(id, stream, shard.Window, now),
            // An open shard's latest position is the next write: a search for its window's start could only find one at or below it.
            "LATEST" => layout.IsSealed(stream, shard.Window, now)
                ? (await journal.FirstAtOrAfterAsync(id, layout.WindowEnd(stream, shard.Window))).Sequence
                : await journal.HighestAsync(id) + 1,
            "AT_SEQUENCE_NUMBER" => await RecordAtAsync(id, stream, shard, sequenceNumber!, now),
            "AFTER_SEQUENCE_NUMBER" => await RecordAtAsync(id, stream, shard, sequenceNumber!, now) + 1,
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return new ShardIterator(streamArn, shard, position, now);
    }

    /// <summary>The position of a record the client names: it must be in this shard, and not trimmed.</summary>
    async Task<long> RecordAtAsync(string id, TableStream stream, StreamShard shard, string sequenceNumber, DateTimeOffset now)
    {
        var invalid = DynamoException.Validation($"Invalid SequenceNumber {sequenceNumber} for shard {shard.Id}");
        if (SequenceNumber.TryParse(sequenceNumber) is not { } sequence) throw invalid;
        if (await journal.ReadAtAsync(id, sequence) is not { } row) throw invalid;
        if (row.Created < layout.TrimHorizon(now)) throw Trimmed();
        if (row.Created < layout.WindowStart(stream, shard.Window) || row.Created >= layout.WindowEnd(stream, shard.Window)) throw invalid;
        return sequence;
    }

    public async Task<RecordsRead> ReadAsync(TableDefinition table, TableStream stream, ShardIterator iterator, int limit)
    {
        var now = Now;
        if (now - iterator.IssuedAt > iteratorLifetime) throw Expired(iterator.IssuedAt, now);
        var id = table.PartitionEntityId(iterator.Shard.Partition);
        var windowStart = layout.WindowStart(stream, iterator.Shard.Window);
        var windowEnd = layout.WindowEnd(stream, iterator.Shard.Window);
        bool isSealed = layout.IsSealed(stream, iterator.Shard.Window, now);

        var records = new List<StreamRecord>();
        long bytes = 0, position = iterator.Position;
        // A reader at the end of its shard polls: the journal's highest sequence number is a far cheaper question than a read.
        bool ended = false, caughtUp = position > await journal.HighestAsync(id), full = false;
        for (int page = 0; page < PagesMax && !ended && !full && !caughtUp; page++)
        {
            var rows = await journal.ReadFromAsync(id, position, RowsPerPage);
            if (page == 0 && rows.Count > 0 && rows[0].Created < layout.TrimHorizon(now)) throw Trimmed();
            caughtUp = rows.Count < RowsPerPage;
            var previous = await PreviousChangesAsync(id, rows);
            foreach (var row in rows)
            {
                if (row.Created >= windowEnd) { ended = true; break; }
                if (row.Change is { } change && row.Created >= windowStart &&
                    StreamRecord.Of(change, previous.GetValueOrDefault(change.PreviousSequence), row.Sequence, row.Created,
                        iterator.StreamArn, iterator.Shard.Id, table.KeySchema, stream.ViewType) is { } record)
                {
                    if (records.Count > 0 && bytes + record.SizeBytes > BytesMax) { full = true; break; }
                    records.Add(record);
                    bytes += record.SizeBytes;
                }
                position = row.Sequence + 1;
                if (records.Count == limit) { full = true; break; }
            }
        }
        // A sealed shard read to its last row has no next iterator: the reader moves on to its child.
        if (caughtUp && !full && isSealed) ended = true;
        return new RecordsRead(records, ended ? null : iterator with { Position = position, IssuedAt = now });
    }

    /// <summary>
    /// The changes the rows' changes point back to, by sequence number. An item written again soon is often written
    /// again within the page, so those come from the page itself and only the others from the journal.
    /// </summary>
    async Task<Dictionary<long, ItemChanged>> PreviousChangesAsync(string id, List<StreamJournal.Row> rows)
    {
        var inPage = new Dictionary<long, ItemChanged>();
        foreach (var row in rows)
            if (row.Change is { } change) inPage[row.Sequence] = change;
        var previous = new Dictionary<long, ItemChanged>();
        var elsewhere = new HashSet<long>();
        foreach (var row in rows)
        {
            if (row.Change is not { PreviousSequence: > 0 and var sequence }) continue;
            if (inPage.TryGetValue(sequence, out var change)) previous[sequence] = change;
            else elsewhere.Add(sequence);
        }
        foreach (var (sequence, change) in await journal.ReadChangesAsync(id, elsewhere)) previous[sequence] = change;
        return previous;
    }

    static DynamoException Trimmed() => new(ErrorCode.TrimmedDataAccess, "The data you are trying to access has been trimmed");

    DynamoException Expired(DateTimeOffset issued, DateTimeOffset now) => new(ErrorCode.ExpiredIterator,
        $"Iterator expired. The iterator was created at time {JavaDate(issued)} while right now it is {JavaDate(now)} which is further in the future than the tolerated delay of {(long)iteratorLifetime.TotalMilliseconds} milliseconds.");

    static string JavaDate(DateTimeOffset t) => t.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
}
