using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Region.Replication;

/// <summary>
/// A region's lost-update log, read from its journal in pages: the LostUpdate events every partition persists,
/// tagged <see cref="PartitionEntity.LostUpdateTag"/>, through Akka.Persistence.Query, so any SQL journal serves it
/// the same way. Nothing of it is held in memory; each read is a stream run on the system's materializer, off any
/// actor's thread.
/// </summary>
public sealed class LostUpdateLog
{
    readonly ICurrentEventsByTagQuery _journal;
    readonly IMaterializer _materializer;
    readonly TimeProvider _time;

    public LostUpdateSettings Settings { get; }

    /// <summary>Obtains the read journal now, so that its view of the journal's latest ordering is current before the first read.</summary>
    public LostUpdateLog(ActorSystem system, LostUpdateSettings settings, TimeProvider time)
    {
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _materializer = system.Materializer();
        Settings = settings;
        _time = time;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> entries of one table (or all) logged after position <paramref name="after"/>, in
    /// log order, leaving out those past the retention; and where to resume.
    /// </summary>
    public async Task<LostUpdatePage> ReadAsync(string? table, long after, int limit)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "A page holds at least one entry");
        var filter = new LostUpdateFilter(table, _time.GetUtcNow() - Settings.Retention);
        // The current events only: the stream ends at the journal's end as it is now. It also ends at a full page,
        // however many events it skipped on the way (Scan counts entries kept, not events read).
        var page = await _journal.CurrentEventsByTag(PartitionEntity.LostUpdateTag, Offset.Sequence(after))
            .Scan(LostUpdatePage.StartingAfter(after), (p, e) => p.With(((Sequence)e.Offset).Value, e.Event, filter))
            .TakeWhile(p => p.Entries.Count < limit, inclusive: true)
            .RunWith(Sink.Last<LostUpdatePage>(), _materializer);
        return page with { End = page.Entries.Count < limit };
    }

    /// <summary>Every entry of one table (or all) within the retention, read page after page.</summary>
    public async Task<IReadOnlyList<LostUpdate>> ReadAllAsync(string? table)
    {
        var all = new List<LostUpdate>();
        for (var page = LostUpdatePage.StartingAfter(0); !page.End;)
        {
            page = await ReadAsync(table, page.ResumeAfter, Settings.PageMax);
            all.AddRange(page.Entries.Select(e => e.Update));
        }
        return all;
    }
}
