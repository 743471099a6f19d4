using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Region.Streams;

/// <summary>
/// Reads one partition's events from its journal: streams are served from the partition journals, not from a second
/// copy of the data. Events are read by persistence id and sequence number through Akka.Persistence.Query, and the
/// highest sequence number through the journal's own protocol, so every SQL journal serves them the same way, with no
/// SQL of ours against the plugin's tables. Each read is a stream run on the system's materializer (or an ask), off any
/// actor's thread.
/// </summary>
public sealed class StreamJournal
{
    /// <summary>
    /// Wanted events at most this far apart are read as one range: a query costs about as much as decoding twenty-odd
    /// events (measured on SQLite), and the events a page's old images come from are close together (a partition's
    /// retention marks bound how far back they point).
    /// </summary>
    const long RangeGapMax = 16;

    readonly ICurrentEventsByPersistenceIdQuery _events;
    readonly IActorRef _journal;
    readonly IMaterializer _materializer;
    readonly TimeSpan _askTimeout;

    /// <summary>A journal event; <paramref name="Change"/> is null for an event that is not an item change.</summary>
    public sealed record Row(long Sequence, DateTimeOffset Created, ItemChanged? Change);

    /// <summary>
    /// Where a time falls in a partition's journal: the first event written at or after it, or the next one to be written.
    /// Once <paramref name="Written"/>, it never moves: a partition writes in time order.
    /// </summary>
    public sealed record Boundary(long Sequence, bool Written);

    public StreamJournal(ActorSystem system, TimeSpan askTimeout)
    {
        _events = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        _materializer = system.Materializer();
        _askTimeout = askTimeout;
    }

    /// <summary>Up to <paramref name="limit"/> events from <paramref name="from"/> on, in sequence order.</summary>
    public Task<List<Row>> ReadFromAsync(string persistenceId, long from, int limit) =>
        ReadAsync(persistenceId, from, long.MaxValue, limit);

    /// <summary>The event at <paramref name="sequence"/>; null when the journal no longer holds it.</summary>
    public async Task<Row?> ReadAtAsync(string persistenceId, long sequence) =>
        (await ReadAsync(persistenceId, sequence, sequence, 1)).SingleOrDefault();

    /// <summary>The item changes at the given sequence numbers; missing or other events are left out.</summary>
    public async Task<Dictionary<long, ItemChanged>> ReadChangesAsync(string persistenceId, IReadOnlyCollection<long> sequences)
    {
        var found = new Dictionary<long, ItemChanged>(sequences.Count);
        var asked = sequences.ToHashSet();
        var wanted = asked.Order().ToList();
        for (int start = 0, end; start < wanted.Count; start = end)
        {
            for (end = start + 1; end < wanted.Count && wanted[end] - wanted[end - 1] <= RangeGapMax; end++) { }
            long first = wanted[start], last = wanted[end - 1];
            foreach (var row in await ReadAsync(persistenceId, first, last, (int)(last - first + 1)))
                if (row.Change is { } change && asked.Contains(row.Sequence)) found[row.Sequence] = change;
        }
        return found;
    }

    /// <summary>
    /// The partition's newest sequence number; 0 when it has written nothing. Akka.Persistence.Query has no query for
    /// it, and reading events up to the end would cost a page of them; the journal answers a replay of none with its
    /// highest sequence number, from one indexed lookup, whatever the database. It goes through the journal's circuit
    /// breaker, so while the journal's writes keep failing it fails at once too, as recovery does (docs/durability.md).
    /// </summary>
    public async Task<long> HighestAsync(string persistenceId)
    {
        // With the token named, Ask takes the lambda as the factory of a message to its temporary actor, not as the message.
        return await _journal.Ask<object>(replyTo => new ReplayMessages(0, 0, 0, persistenceId, replyTo), _askTimeout, CancellationToken.None) switch
        {
            RecoverySuccess success => success.HighestSequenceNr,
            ReplayMessagesFailure failure => throw new InvalidOperationException($"The journal could not read {persistenceId}", failure.Cause),
            var other => throw new InvalidOperationException($"The journal answered {other.GetType().Name} for {persistenceId}"),
        };
    }

    /// <summary>
    /// The first sequence number written at or after <paramref name="at"/>, or the next one to be written. A partition
    /// writes in sequence order, so creation times rise with sequence numbers and a binary search finds it. An event the
    /// journal no longer holds was deleted below the retention (docs/bounded-state.md), so it was written before any
    /// time a stream asks about.
    /// </summary>
    public async Task<Boundary> FirstAtOrAfterAsync(string persistenceId, DateTimeOffset at)
    {
        long low = 1, high = await HighestAsync(persistenceId) + 1;
        // Each probe is a query: the newest event first, since a time no event has reached yet is often asked about.
        if (high == low || await ReadAtAsync(persistenceId, high - 1) is not { } newest || newest.Created < at) return new(high, false);
        // Invariant: every event below low was written before at; the event at high was not.
        high--;
        while (low < high)
        {
            long mid = low + (high - low) / 2;
            if (await ReadAtAsync(persistenceId, mid) is { } row && row.Created >= at) high = mid;
            else low = mid + 1;
        }
        return new(low, true);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events from <paramref name="from"/> to <paramref name="to"/>. The plugin reads
    /// them in batches of the read journal's max-buffer-size, and stops at the first batch that ends the range or is short.
    /// </summary>
    async Task<List<Row>> ReadAsync(string persistenceId, long from, long to, int limit)
    {
        var events = await _events.CurrentEventsByPersistenceId(persistenceId, from, to)
            .Take(limit)
            .RunWith(Sink.Seq<EventEnvelope>(), _materializer);
        // The plugin's timestamp is the row's creation time in UTC ticks.
        return events.Select(e => new Row(e.SequenceNr, new DateTimeOffset(e.Timestamp, TimeSpan.Zero), e.Event as ItemChanged)).ToList();
    }
}
