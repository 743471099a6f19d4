using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Journal;
using Akka.Serialization;
using Akka.Util;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// The region's journal: Akka.Persistence.Sql's, with its writes on SQLite replaced.
/// <list type="bullet">
/// <item>On SQLite, events are inserted by <see cref="SqliteJournalWriter"/> as rows of the plugin's own table, in the
/// plugin's own format, so its replay, deletion, snapshot store and query journal work unchanged. On PostgreSQL the
/// plugin writes.</item>
/// <item>A write batch with no events in it is a success with nothing in it. A persistent actor that calls DeferAsync
/// while a persist is in flight sends the journal such a batch, and SqlWriteJournal fails on it ("Sequence contains no
/// elements"); ten in a row would open the journal's circuit breaker.</item>
/// </list>
/// </summary>
public class SqliteWriteJournal : SqlWriteJournal
{
    /// <summary>How long a stopping journal waits for the rows already queued to commit.</summary>
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Past this many persistence ids, the writes that finished are forgotten.</summary>
    const int WritesInFlightPruneAt = 4096;

    readonly SqliteJournalWriter? _writer;
    readonly Akka.Serialization.Serialization _serialization;
    readonly string _defaultSerializer;
    readonly string _tagSeparator;
    readonly string _writerUuid = Guid.NewGuid().ToString("N");

    /// <summary>Each persistence id's last write, which a read of its highest sequence number waits for.</summary>
    readonly Dictionary<string, Task> _writesInFlight = [];

    public SqliteWriteJournal(Config journalConfig) : base(journalConfig)
    {
        var config = journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration);
        _serialization = Context.System.Serialization;
        _defaultSerializer = config.GetString("serializer", null);
        _tagSeparator = config.GetString("tag-separator", ";");
        if (config.GetString("provider-name").StartsWith("SQLite", StringComparison.OrdinalIgnoreCase))
        {
            if (config.GetString("tag-write-mode") != "Csv")
                throw new ConfigurationException("The SQLite journal writes tags only as CSV (tag-write-mode = Csv)");
            _writer = new SqliteJournalWriter(config);
        }
    }

    protected override void PreStart()
    {
        base.PreStart();
        _writer?.Start();
    }

    protected override void PostStop()
    {
        _writer?.Stop(StopTimeout);
        base.PostStop();
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyCollection<AtomicWrite> ?? messages.ToList();
        if (writes.Count == 0) return Task.FromResult<IImmutableList<Exception>>(ImmutableList<Exception>.Empty);
        if (_writer is null) return base.WriteMessagesAsync(writes, cancellationToken);

        var created = DateTime.UtcNow.Ticks;
        var rows = new List<JournalRowImage>();
        // Akka takes one answer per atomic write: null where it was stored, the reason where it was refused.
        var answers = ImmutableList.CreateBuilder<Exception>();
        foreach (var write in writes) answers.Add(Serialize((IImmutableList<IPersistentRepresentation>)write.Payload, created, rows)!);
        IImmutableList<Exception> answer = answers.ToImmutable();
        if (rows.Count == 0) return Task.FromResult(answer);
        var written = _writer.WriteAsync(rows);
        foreach (var write in writes) _writesInFlight[write.PersistenceId] = written;
        if (_writesInFlight.Count > WritesInFlightPruneAt)
            foreach (var done in _writesInFlight.Where(w => w.Value.IsCompleted).Select(w => w.Key).ToList()) _writesInFlight.Remove(done);
        return written.ContinueWith(
            t => t.IsCompletedSuccessfully ? answer : throw t.Exception!.InnerException!,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        // A write still in flight for this id (stored or not) ends before its highest number is read, as in the plugin.
        if (_writesInFlight.Remove(persistenceId, out var inFlight))
            await inFlight.ContinueWith(_ => { }, TaskScheduler.Default);
        return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
    }

    /// <summary>
    /// Adds the rows of one atomic write to <paramref name="rows"/>, or adds none and returns why it is refused (an
    /// event that cannot be serialized), as the plugin's serializer does.
    /// </summary>
    Exception? Serialize(IImmutableList<IPersistentRepresentation> events, long created, List<JournalRowImage> rows)
    {
        var images = new JournalRowImage[events.Count];
        try
        {
            for (int i = 0; i < events.Count; i++) images[i] = Image(events[i], created);
        }
        catch (Exception e)
        {
            return e;
        }
        rows.AddRange(images);
        return null;
    }

    JournalRowImage Image(IPersistentRepresentation persistent, long created)
    {
        var (payload, tags) = persistent.Payload is Tagged tagged ? (tagged.Payload, tagged.Tags) : (persistent.Payload, ImmutableHashSet<string>.Empty);
        var serializer = _serialization.FindSerializerForType(payload.GetType(), _defaultSerializer);
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => string.Empty,
        };
        // Serialized with the system as transport, as the plugin does, so actor refs in an event keep their address.
        var message = Akka.Serialization.Serialization.WithTransport(_serialization.System, (serializer, payload), s => s.serializer.ToBinary(s.payload));
        return new JournalRowImage(
            persistent.PersistenceId,
            persistent.SequenceNr,
            persistent.Timestamp == 0 ? created : persistent.Timestamp,
            message,
            tags.Count == 0 ? string.Empty : _tagSeparator + string.Join(_tagSeparator, tags) + _tagSeparator,
            manifest,
            serializer.Identifier,
            _writerUuid);
    }
}
