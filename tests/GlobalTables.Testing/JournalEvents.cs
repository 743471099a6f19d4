using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace GlobalTables.Testing;

/// <summary>What a journal holds, read as any reader reads it: through Akka.Persistence.Query, not the plugin's tables.</summary>
public static class JournalEvents
{
    /// <summary>The events the journal holds for a persistence id, in order.</summary>
    public static async Task<IReadOnlyList<EventEnvelope>> ReadAsync(ActorSystem system, string persistenceId) =>
        await PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier)
            .CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
}
