using System.Threading.Channels;
using Akka.Configuration;
using Microsoft.Data.Sqlite;

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
    SqliteCommand? _begin, _insert, _commit;

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
            VALUES ($created, 0, $persistence_id, $sequence_number, $message, $tags, $manifest, $identifier, $writer_uuid)
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
            _begin!.ExecuteNonQuery();
            try
            {
                foreach (var write in _batch)
                    foreach (var row in write.Rows) Insert(row);
                _commit!.ExecuteNonQuery();
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
        var p = _insert!.Parameters;
        p[0].Value = row.Created;
        p[1].Value = row.PersistenceId;
        p[2].Value = row.SequenceNr;
        p[3].Value = row.Message;
        p[4].Value = row.Tags;
        p[5].Value = row.Manifest;
        p[6].Value = row.Identifier;
        p[7].Value = row.WriterUuid;
        _insert.ExecuteNonQuery();
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
        _begin = Prepared(connection, "BEGIN IMMEDIATE");
        _commit = Prepared(connection, "COMMIT");
        _insert = Prepared(connection, _insertSql, "$created", "$persistence_id", "$sequence_number", "$message", "$tags", "$manifest", "$identifier", "$writer_uuid");
        _connection = connection;
    }

    SqliteCommand Prepared(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // Microsoft.Data.Sqlite retries a busy database until the command's timeout (30 s): SQLite's own wait is the one.
        command.CommandTimeout = Math.Max(1, (int)_busyTimeout.TotalSeconds);
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    void Rollback()
    {
        try
        {
            using var rollback = _connection!.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // SQLite already rolled the transaction back (as after SQLITE_FULL), or the connection is gone.
        }
    }

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
