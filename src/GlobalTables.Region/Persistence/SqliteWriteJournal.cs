using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// Akka.Persistence.Sql's journal, made safe for a write batch with no events in it. A persistent actor that
/// calls DeferAsync while a persist is in flight sends the journal a batch holding only the deferred message,
/// and SqlWriteJournal fails on it ("Sequence contains no elements"). Ten such failures in a row open the
/// journal's circuit breaker, and then every partition of the region fails to persist and to recover until it
/// resets. Nothing to write is a success with nothing in it.
/// </summary>
public class SqliteWriteJournal(Config journalConfig) : SqlWriteJournal(journalConfig)
{
    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        return writes.Count == 0
            ? Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty)
            : base.WriteMessagesAsync(writes, cancellationToken);
    }
}
