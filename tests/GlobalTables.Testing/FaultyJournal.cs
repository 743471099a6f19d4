using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Testing;

/// <summary>
/// The region's SQLite journal with <see cref="JournalFaults"/> in front: a write a fault matches fails, is refused,
/// or has its confirmation held, as the fault says. Use it with <see cref="ConfigOverride"/>.
/// </summary>
public sealed class FaultyJournal(Config journalConfig) : SqliteWriteJournal(journalConfig)
{
    /// <summary>HOCON that puts this journal, and <see cref="FaultySnapshotStore"/>, under a region.</summary>
    public const string ConfigOverride = """
        akka.persistence.journal.sql.class = "GlobalTables.Testing.FaultyJournal, GlobalTables.Testing"
        akka.persistence.snapshot-store.sql.class = "GlobalTables.Testing.FaultySnapshotStore, GlobalTables.Testing"
        """;

    readonly JournalFaults _faults = JournalFaults.Get(Context.System);

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var faults = writes.Select(w => ((IEnumerable<IPersistentRepresentation>)w.Payload).Select(_faults.Match).FirstOrDefault(f => f is not null)).ToList();
        if (faults.Any(f => f?.Kind == JournalFaultKind.Fail))
            return Task.FromException<IImmutableList<Exception>>(new JournalFaultException("An injected journal failure"));

        // The base journal reads the actor's context, so it is called now, before any wait: a held write is stored,
        // and only its confirmation waits.
        var stored = writes.Where((_, i) => faults[i]?.Kind != JournalFaultKind.Reject).ToList();
        var written = stored.Count == 0
            ? Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty)
            : base.WriteMessagesAsync(stored, cancellationToken);
        return AnswerAsync(written, faults);
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _faults.FailsDeleteOf(persistenceId)
            ? Task.FromException(new JournalFaultException("An injected journal deletion failure"))
            : base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

    static async Task<IImmutableList<Exception>> AnswerAsync(Task<IImmutableList<Exception>> written, List<JournalFault?> faults)
    {
        foreach (var gate in faults.Select(f => f?.Gate).OfType<Task>().Distinct()) await gate;
        var results = await written;
        var answers = ImmutableList.CreateBuilder<Exception>();
        int next = 0;
        foreach (var fault in faults)
        {
            if (fault?.Kind == JournalFaultKind.Reject) answers.Add(new JournalFaultException("An injected journal rejection"));
            else answers.Add(results.Count == 0 ? null! : results[next++]);
        }
        return answers.ToImmutable();
    }
}

/// <summary>A fault <see cref="JournalFaults"/> injected.</summary>
public sealed class JournalFaultException(string message) : Exception(message);
