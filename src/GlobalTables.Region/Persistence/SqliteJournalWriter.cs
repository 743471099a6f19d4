using System.Text;
using System.Threading.Channels;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// The region's SQLite journal inserts, on one long-lived connection through one prepared statement. Every write queued
/// while a commit runs, or while the writer yields before one (<c>commit-yields</c>), goes into the next transaction
/// together (group commit, up to <c>batch-size</c> rows), and rows
/// commit in the order they were queued, which is the order of the journal's <c>ordering</c> column. A write's task
/// completes once its transaction has committed (WAL, synchronous=NORMAL: docs/durability.md), or fails with it.
/// Akka.Persistence.Sql builds a linq2db query, a mapping schema and a pooled connection for every batch; this costs a
/// bind and a step per row (docs/performance.md).
/// </summary>
public sealed class SqliteJournalWriter
{
    sealed record PendingWrite(IReadOnlyList<JournalRowImage> Rows)
    {
        // Completed on the writer's loop: the journal's continuation only tells the persistent actors.
        public TaskCompletionSource Written { get; } = new();
    }

    readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    readonly string _connectionString;
    readonly string _insertSql;
    readonly int _batchSize;
    readonly int _commitYields;
    readonly TimeSpan _busyTimeout;
    readonly List<PendingWrite> _batch = [];
    Task _loop = Task.CompletedTask;
    SqliteConnection? _connection;
    sqlite3_stmt? _begin, _insert, _commit;
    /// <summary>A row's text as UTF-8, bound from here: only the writer's loop uses it.</summary>
    byte[] _utf8 = new byte[256];

    /// <param name="journalConfig">The plugin's journal section: its connection string, batch size and table mapping.</param>
    public SqliteJournalWriter(Config journalConfig)
    {
        _connectionString = journalConfig.GetString("connection-string");
        _batchSize = journalConfig.GetInt("batch-size", 100);
        _commitYields = journalConfig.GetInt("commit-yields", 0);
        _busyTimeout = journalConfig.GetTimeSpan("busy-timeout", TimeSpan.FromSeconds(5));
        var table = journalConfig.GetConfig(journalConfig.GetString("table-mapping", "default")).GetConfig("journal");
        var columns = table.GetConfig("columns");
        string Column(string name) => "[" + columns.GetString(name) + "]";
        _insertSql = $"""
            INSERT INTO [{table.GetString("table-name")}] ({Column("created")}, {Column("deleted")}, {Column("persistence-id")},
                {Column("sequence-number")}, {Column("message")}, {Column("tags")}, {Column("manifest")}, {Column("identifier")},
                {Column("writer-uuid")})
            VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
            """;
    }

    /// <summary>Starts the loop that commits what is queued.</summary>
    public void Start() => _loop = Task.Run(WriteQueuedAsync);

    /// <summary>Queues rows to be committed together, after every row queued before them.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRowImage> rows)
    {
        var write = new PendingWrite(rows);
        return _queue.Writer.TryWrite(write)
            ? write.Written.Task
            : Task.FromException(new InvalidOperationException("The journal is stopping; the write was not stored"));
    }

    /// <summary>Commits what is queued, then closes the connection; waits at most <paramref name="timeout"/>.</summary>
    public void Stop(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        _loop.Wait(timeout);
    }

    async Task WriteQueuedAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                // Group commit: writes on their way, behind this loop in the thread pool's queue, join this transaction.
                // Only while writes come together (the last commit held several): a lone write would wait for nothing.
                if (_batch.Count > 1)
                    for (int i = 0; i < _commitYields; i++) await Task.Yield();
                _batch.Clear();
                int rows = 0;
                while (rows < _batchSize && _queue.Reader.TryRead(out var write))
                {
                    _batch.Add(write);
                    rows += write.Rows.Count;
                }
                Commit();
            }
        }
        finally
        {
            Close();
        }
    }

    void Commit()
    {
        try
        {
            Open();
            Step(_begin!);
            try
            {
                foreach (var write in _batch)
                    foreach (var row in write.Rows) Insert(row);
                Step(_commit!);
            }
            catch
            {
                Rollback();
                throw;
            }
        }
        catch (Exception e)
        {
            // The connection may be what failed (a file that went away, a full disk): the next batch opens a new one.
            Close();
            foreach (var write in _batch) write.Written.TrySetException(e);
            return;
        }
        foreach (var write in _batch) write.Written.TrySetResult();
    }

    void Insert(JournalRowImage row)
    {
        var insert = _insert!;
        Check(raw.sqlite3_bind_int64(insert, 1, row.Created));
        BindText(insert, 2, row.PersistenceId);
        Check(raw.sqlite3_bind_int64(insert, 3, row.SequenceNr));
        Check(raw.sqlite3_bind_blob(insert, 4, row.Message));
        BindText(insert, 5, row.Tags);
        BindText(insert, 6, row.Manifest);
        Check(raw.sqlite3_bind_int(insert, 7, row.Identifier));
        BindText(insert, 8, row.WriterUuid);
        Step(insert);
    }

    /// <summary>Binds text without a string of its own per row (SQLite copies it).</summary>
    void BindText(sqlite3_stmt statement, int index, string text)
    {
        int most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most > _utf8.Length) _utf8 = new byte[Math.Max(most, _utf8.Length * 2)];
        int length = Encoding.UTF8.GetBytes(text, _utf8);
        Check(raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length)));
    }

    /// <summary>
    /// Runs a prepared statement through SQLite itself, which waits for a busy database up to <c>busy_timeout</c>.
    /// Microsoft.Data.Sqlite's command would allocate a reader and a binder per parameter for every row.
    /// </summary>
    void Step(sqlite3_stmt statement)
    {
        int result = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        Check(result, raw.SQLITE_DONE);
    }

    /// <summary>
    /// SQLite's result as Microsoft.Data.Sqlite's exception, with SQLite's message. A value SQLite did not bind (no
    /// memory, too big) fails the transaction too, rather than leave the last row's value in its place.
    /// </summary>
    void Check(int result, int success = raw.SQLITE_OK)
    {
        if (result != success) SqliteException.ThrowExceptionForRC(result, _connection!.Handle);
    }

    void Open()
    {
        if (_connection is not null) return;
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(int)_busyTimeout.TotalMilliseconds};";
            pragmas.ExecuteNonQuery();
        }
        _connection = connection;
        _begin = Prepared("BEGIN IMMEDIATE");
        _commit = Prepared("COMMIT");
        _insert = Prepared(_insertSql);
    }

    sqlite3_stmt Prepared(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_connection!.Handle, sql, out var statement));
        return statement;
    }

    // Its result is not checked: SQLite may have rolled the transaction back already (as after SQLITE_FULL).
    void Rollback() => raw.sqlite3_exec(_connection!.Handle, "ROLLBACK");

    void Close()
    {
        _begin?.Dispose();
        _insert?.Dispose();
        _commit?.Dispose();
        _connection?.Dispose();
        _begin = _insert = _commit = null;
        _connection = null;
    }
}
