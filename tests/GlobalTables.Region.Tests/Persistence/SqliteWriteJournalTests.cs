using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Serialization;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using GlobalTables.Region.Configuration;
using GlobalTables.Region.Persistence;
using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Tests.Persistence;

/// <summary>
/// The region's SQLite journal (<see cref="SqliteWriteJournal"/>, whose writes go through <see cref="SqliteJournalWriter"/>),
/// held to the cases of Akka.Persistence.TCK's journal spec, which is not served here: writes replay in order after a
/// restart, deletions keep the highest sequence number, an event that cannot be serialized refuses its whole atomic write
/// and no other, concurrent writers all commit in one ordering, the plugin's query journal reads the rows with their tags,
/// and the rows are the ones the stock Akka.Persistence.Sql journal writes. A database the writer cannot lock fails the
/// write, and the next one succeeds once it can; a row that fails inside a transaction rolls back the rows before it.
/// After max-failures failed writes the journal's circuit breaker fails writes (and recoveries) at once until its reset
/// timeout has passed. A real SQLite file in a fresh folder.
/// </summary>
public sealed class SqliteWriteJournalTests : TestKit
{
    static readonly string Folder = Directory.CreateTempSubdirectory("gt-journal-").FullName;

    public SqliteWriteJournalTests(Xunit.Abstractions.ITestOutputHelper output) : base(SystemConfig(Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".db")), "journal", output) { }

    static Config SystemConfig(string path)
    {
        var store = RegionStore.OpenAsync(StoreSettings.Sqlite, "test", Folder, path).GetAwaiter().GetResult();
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal {
              plugin = "akka.persistence.journal.sql"
              sql {
                class = "{{typeof(SqliteWriteJournal).AssemblyQualifiedName}}"
                tag-write-mode = Csv
                auto-initialize = true
                batch-size = 1000
                commit-yields = 2
                circuit-breaker.call-timeout = 30s
              }
              # The plugin's own journal on the same table, for the rows it writes.
              stock = ${akka.persistence.journal.sql}
              stock {
                class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                tag-write-mode = Csv
                auto-initialize = true
                connection-string = "{{store.ConnectionString}}"
                provider-name = "{{store.ProviderName}}"
              }
              # The region's journal again, whose circuit breaker opens after two failed writes. Written out: as a
              # substitution of either section above it lost keys (class from sql, provider-name from stock).
              breaking {
                class = "{{typeof(SqliteWriteJournal).AssemblyQualifiedName}}"
                tag-write-mode = Csv
                auto-initialize = true
                connection-string = "{{store.ConnectionString}}"
                provider-name = "{{store.ProviderName}}"
                busy-timeout = 200ms
                circuit-breaker { max-failures = 2, reset-timeout = 1s }
              }
            }
            akka.actor.ask-timeout = 20s
            akka.persistence.query.journal.sql { tag-read-mode = Csv, refresh-interval = 100ms }
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.sql"
            akka.persistence.snapshot-store.sql.auto-initialize = true
            akka.actor.serializers.refusing = "{{typeof(RefusingSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings { "{{typeof(Unserializable).AssemblyQualifiedName}}" = refusing }
            """).WithFallback(store.PluginConfig()).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    string DatabasePath => Sys.Settings.Config.GetString("akka.persistence.journal.sql.connection-string").Split('=', 2)[1].Split(';')[0];

    /// <summary>An event no serializer can write.</summary>
    public sealed record Unserializable(string Text);

    public sealed class RefusingSerializer(ExtendedActorSystem system) : Serializer(system)
    {
        public override int Identifier => 9471;
        public override bool IncludeManifest => false;
        public override byte[] ToBinary(object obj) => throw new InvalidOperationException("This event cannot be serialized");
        public override object FromBinary(byte[] bytes, Type? type) => throw new InvalidOperationException("Nothing is stored so");
    }

    /// <summary>Persists what it is sent (a list is one atomic write) and answers what happened; replays into Events.</summary>
    sealed class Writer : ReceivePersistentActor
    {
        public override string PersistenceId { get; }
        readonly List<object> _events = [];
        IActorRef? _asker;

        public Writer(string persistenceId, string journal)
        {
            PersistenceId = persistenceId;
            JournalPluginId = journal;
            Recover<string>(e => _events.Add(e));
            Command<object[]>(batch =>
            {
                _asker = Sender;
                PersistAll(batch, e => _events.Add(e is Tagged t ? t.Payload : e));
                DeferAsync("done", _ => _asker.Tell(LastSequenceNr));
            });
            Command<DeleteTo>(d => { _asker = Sender; DeleteMessages(d.SequenceNr); });
            Command<DeleteMessagesSuccess>(s => _asker!.Tell(s.ToSequenceNr));
            Command<DeleteMessagesFailure>(f => _asker!.Tell(f));
            Command<GetState>(_ => Sender.Tell((LastSequenceNr, _events.ToList())));
        }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) => _asker?.Tell(new Refused(sequenceNr, cause.Message));
        protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
        {
            _asker?.Tell(new Failed(sequenceNr, cause));
            base.OnPersistFailure(cause, @event, sequenceNr);
        }
    }

    sealed record DeleteTo(long SequenceNr);
    sealed record GetState;
    sealed record Refused(long SequenceNr, string Reason);
    sealed record Failed(long SequenceNr, Exception Cause);

    IActorRef Start(string id, string journal = "akka.persistence.journal.sql") => Sys.ActorOf(Props.Create(() => new Writer(id, journal)));

    async Task<(long Last, List<object> Events)> RestartedStateAsync(string id, string journal = "akka.persistence.journal.sql")
    {
        var again = Start(id, journal);
        var state = await again.Ask<(long, List<object>)>(new GetState(), TimeSpan.FromSeconds(10));
        Sys.Stop(again);
        return state;
    }

    static void AssertState(long last, object[] events, (long Last, List<object> Events) state)
    {
        Assert.Equal(last, state.Last);
        Assert.Equal(events, state.Events);
    }

    static object[] Texts(params string[] texts) => texts.Cast<object>().ToArray();

    [Fact]
    public async Task Events_replay_in_order_after_a_restart_with_the_highest_sequence_number()
    {
        var writer = Start("replay");
        Assert.Equal(3L, await writer.Ask<long>(Texts("a", "b", "c"), TimeSpan.FromSeconds(10)));
        Assert.Equal(5L, await writer.Ask<long>(Texts("d", "e")));
        Sys.Stop(writer);

        var (last, events) = await RestartedStateAsync("replay");
        Assert.Equal(5, last);
        Assert.Equal(["a", "b", "c", "d", "e"], events);
    }

    [Fact]
    public async Task Deleted_events_do_not_replay_and_the_highest_sequence_number_stays()
    {
        var writer = Start("deleted");
        await writer.Ask<long>(Texts("a", "b", "c", "d", "e"));
        Assert.Equal(3L, await writer.Ask<long>(new DeleteTo(3)));
        Sys.Stop(writer);
        AssertState(5, ["d", "e"], await RestartedStateAsync("deleted"));

        writer = Start("deleted");
        await writer.Ask<(long, List<object>)>(new GetState());
        Assert.Equal(5L, await writer.Ask<long>(new DeleteTo(5)));
        Sys.Stop(writer);
        var (last, events) = await RestartedStateAsync("deleted");
        Assert.Equal(5, last);
        Assert.Empty(events);

        writer = Start("deleted");
        Assert.Equal(6L, await writer.Ask<long>(Texts("f")));
        Sys.Stop(writer);
        AssertState(6, ["f"], await RestartedStateAsync("deleted"));
    }

    [Fact]
    public async Task An_event_that_cannot_be_serialized_refuses_its_atomic_write_and_no_other()
    {
        var writer = Start("refused");
        await writer.Ask<long>(Texts("a"));
        writer.Tell(new object[] { "b", new Unserializable("x"), "c" }, TestActor);
        var refused = ExpectMsg<Refused>();
        Assert.Equal(2, refused.SequenceNr);
        Assert.Contains("cannot be serialized", refused.Reason);
        // The write's numbers are used, as Akka numbers them; the journal holds none of its events.
        Assert.Equal(5L, await writer.Ask<long>(Texts("d")));
        Sys.Stop(writer);

        AssertState(5, ["a", "d"], await RestartedStateAsync("refused"));
    }

    [Fact]
    public async Task Concurrent_writers_all_commit_and_the_query_journal_reads_them_with_their_tags_in_one_ordering()
    {
        const int Writers = 20, Writes = 24;
        var writers = Enumerable.Range(0, Writers).Select(w => (Id: $"many-{w}", Ref: Start($"many-{w}"))).ToList();
        await Task.WhenAll(writers.Select(async w =>
        {
            for (int i = 1; i <= Writes; i++)
                Assert.Equal((long)i, await w.Ref.Ask<long>(new object[] { new Tagged($"{w.Id}:{i}", ImmutableHashSet.Create("many", i % 2 == 0 ? "even" : "odd")) }, TimeSpan.FromSeconds(30)));
        }));

        var queries = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        // A query by tag reads up to the highest ordering the query journal has seen with no gap below it, which it
        // learns a moment after the commit.
        var tagged = await UntilTaggedAsync(queries, "many", Writers * Writes);
        var orderings = tagged.Select(e => ((Sequence)e.Offset).Value).ToList();
        Assert.Equal(orderings.Order(), orderings);
        Assert.Equal(orderings.Count, orderings.Distinct().Count());
        foreach (var byWriter in tagged.GroupBy(e => e.PersistenceId))
            Assert.Equal(Enumerable.Range(1, Writes).Select(i => (long)i), byWriter.Select(e => e.SequenceNr));
        Assert.All(tagged, e => Assert.Equal($"{e.PersistenceId}:{e.SequenceNr}", e.Event));
        Assert.All(tagged, e => Assert.InRange(new DateTime(e.Timestamp, DateTimeKind.Utc), DateTime.UtcNow.AddMinutes(-2), DateTime.UtcNow));

        var even = await UntilTaggedAsync(queries, "even", Writers * Writes / 2);
        Assert.All(even, e => Assert.Equal(0, e.SequenceNr % 2));

        var one = await queries.CurrentEventsByPersistenceId("many-7", 0, long.MaxValue).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        Assert.Equal(Enumerable.Range(1, Writes).Select(i => $"many-7:{i}"), one.Select(e => (string)e.Event));
    }

    async Task<IImmutableList<EventEnvelope>> UntilTaggedAsync(SqlReadJournal queries, string tag, int count)
    {
        var events = await Eventually.ReadAsync(() => queries.CurrentEventsByTag(tag, Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer()),
            events => events.Count >= count, events => $"{events.Count} of {count} events tagged {tag}", TimeSpan.FromSeconds(20));
        Assert.Equal(count, events.Count);
        return events;
    }

    [Fact]
    public async Task Its_rows_are_the_ones_the_stock_plugin_writes()
    {
        var ours = Start("ours");
        await ours.Ask<long>(new object[] { "plain", new Tagged("tagged", ImmutableHashSet.Create("t1", "t2")) });
        var stock = Start("stock", "akka.persistence.journal.stock");
        await stock.Ask<long>(new object[] { "plain", new Tagged("tagged", ImmutableHashSet.Create("t1", "t2")) });

        var rows = Rows();
        Assert.Equal(rows["stock"], rows["ours"]);
        Assert.Equal(2, rows["ours"].Count);
        Assert.Contains(";t1;", rows["ours"][1]);

        // Each journal replays what the other wrote.
        Sys.Stop(ours);
        Sys.Stop(stock);
        AssertState(2, ["plain", "tagged"], await RestartedStateAsync("stock"));
        AssertState(2, ["plain", "tagged"], await RestartedStateAsync("ours", "akka.persistence.journal.stock"));
    }

    /// <summary>Each persistence id's rows, every column but the ordering, time and writer, as text.</summary>
    Dictionary<string, List<string>> Rows()
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, deleted, hex(message), tags, manifest, identifier, typeof(created), typeof(writer_uuid) FROM journal ORDER BY ordering";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, List<string>>();
        while (reader.Read())
        {
            var columns = Enumerable.Range(1, reader.FieldCount - 1).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString());
            (rows.TryGetValue(reader.GetString(0), out var list) ? list : rows[reader.GetString(0)] = []).Add(string.Join("|", columns));
        }
        return rows;
    }

    /// <summary>A connection of the test's own to the journal's database file, beside the journal's.</summary>
    SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=false");
        connection.Open();
        return connection;
    }

    [Fact]
    public async Task A_database_it_cannot_lock_fails_the_write_and_the_next_write_commits_once_it_can()
    {
        var writer = Start("locked");
        await writer.Ask<long>(Texts("a"));

        // Another connection holds SQLite's write lock past the journal's busy timeout (5 s).
        await using (var holder = OpenDatabase())
        {
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            Watch(writer);
            writer.Tell(Texts("b"), TestActor);
            Assert.Equal(2, ExpectMsg<Failed>(TimeSpan.FromSeconds(20)).SequenceNr);
            // Akka stops a persistent actor whose write failed: whether it was stored is unknown to it.
            ExpectTerminated(writer, TimeSpan.FromSeconds(5));
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        var again = Start("locked");
        Assert.Equal(2L, await again.Ask<long>(Texts("c"), TimeSpan.FromSeconds(20)));
        Sys.Stop(again);
        AssertState(2, ["a", "c"], await RestartedStateAsync("locked"));
    }

    [Fact]
    public async Task A_row_that_fails_inside_the_transaction_rolls_back_the_rows_before_it_and_the_next_write_commits()
    {
        var writer = Start("clash");
        await writer.Ask<long>(Texts("a"));
        // Another connection takes sequence number 3 first, so the second row of the next atomic write breaks the
        // plugin's unique index after its first row was inserted.
        await using (var other = OpenDatabase())
        {
            using var insert = other.CreateCommand();
            insert.CommandText = """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, tags, manifest, identifier, writer_uuid)
                SELECT created, deleted, persistence_id, 3, message, tags, manifest, identifier, writer_uuid
                FROM journal WHERE persistence_id = 'clash' AND sequence_number = 1
                """;
            Assert.Equal(1, insert.ExecuteNonQuery());
        }

        Watch(writer);
        writer.Tell(Texts("b", "c"), TestActor);
        var failed = ExpectMsg<Failed>(TimeSpan.FromSeconds(20));
        Assert.Equal(19, Assert.IsType<SqliteException>(failed.Cause).SqliteErrorCode); // SQLITE_CONSTRAINT
        ExpectTerminated(writer, TimeSpan.FromSeconds(5));

        // The journal's next write, of another persistence id, commits: the failed transaction was rolled back.
        var next = Start("after-clash");
        Assert.Equal(1L, await next.Ask<long>(Texts("x"), TimeSpan.FromSeconds(20)));
        Sys.Stop(next);
        // Nothing of the failed write is stored: "b" went with the rollback, and 3 is the other connection's row.
        AssertState(3, ["a", "a"], await RestartedStateAsync("clash"));
        AssertState(1, ["x"], await RestartedStateAsync("after-clash"));
    }

    [Fact]
    public async Task After_max_failures_failed_writes_the_breaker_fails_writes_at_once_until_it_resets()
    {
        const string journal = "akka.persistence.journal.breaking";
        var first = Start("breaking", journal);
        await first.Ask<long>(Texts("a"), TimeSpan.FromSeconds(20));
        Sys.Stop(first);

        // Akka stops a persistent actor whose write failed, so each write is a new incarnation's, recovered before
        // the database is locked.
        var writers = new Queue<IActorRef>();
        for (int i = 0; i < 3; i++)
        {
            var writer = Start("breaking", journal);
            await writer.Ask<(long, List<object>)>(new GetState(), TimeSpan.FromSeconds(20));
            writers.Enqueue(writer);
        }
        Failed WriteFails(string text)
        {
            // A probe of its own, so that nothing an earlier incarnation sent is taken for this one's answer.
            var asker = CreateTestProbe();
            writers.Dequeue().Tell(Texts(text), asker);
            return asker.ExpectMsg<Failed>(TimeSpan.FromSeconds(20));
        }

        await using (var holder = OpenDatabase())
        {
            using var begin = holder.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            // Two writes wait out the busy timeout and fail on SQLite's lock: the breaker opens.
            Assert.IsType<SqliteException>(WriteFails("b").Cause);
            Assert.IsType<SqliteException>(WriteFails("c").Cause);
            // The next fails at once, without waiting for the lock.
            var started = DateTime.UtcNow;
            Assert.IsType<Akka.Pattern.OpenCircuitException>(WriteFails("d").Cause);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "an open breaker still waited for the database");
            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        // Once reset-timeout has passed, writes are tried again and commit.
        var written = await Eventually.ReadAsync(() =>
        {
            // While the breaker is open a new incarnation's recovery fails too, and it stops (Terminated).
            var writer = Start("breaking", journal);
            var asker = CreateTestProbe();
            asker.Watch(writer);
            writer.Tell(Texts("e"), asker);
            var answer = asker.ExpectMsg<object>(TimeSpan.FromSeconds(20));
            Sys.Stop(writer);
            return Task.FromResult(answer is long sequenceNr ? sequenceNr : 0);
        }, sequenceNr => sequenceNr != 0, _ => "no write committed after the breaker's reset timeout", TimeSpan.FromSeconds(20));
        Assert.Equal(2L, written);
        AssertState(2, ["a", "e"], await RestartedStateAsync("breaking", journal));
    }
}
