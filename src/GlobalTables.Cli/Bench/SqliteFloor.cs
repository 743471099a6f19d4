using Microsoft.Data.Sqlite;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The storage floor of this machine: raw Microsoft.Data.Sqlite inserts into a file in WAL mode,
/// synchronous=NORMAL, <see cref="BatchRows"/> rows per transaction. SQLite has one writer, so the
/// floor runs one worker whatever --concurrency says. An op is one row; latency is per transaction.
/// </summary>
public sealed class SqliteFloor : IBenchTarget
{
    public const int BatchRows = 100;

    private readonly ItemValues _values;
    private readonly string _folder;
    private SqliteConnection? _connection;
    private long _nextRow;

    public SqliteFloor(BenchOptions options)
    {
        _values = new ItemValues(options.ItemSizeBytes, options.Seed);
        _folder = Path.Combine(Path.GetTempPath(), "globaltables-bench-sqlite-" + Guid.NewGuid().ToString("N"));
    }

    public string Endpoint => _folder;

    public async Task SetupAsync(BenchProgress progress, CancellationToken cancellationToken)
    {
        progress.Report("creating the SQLite file", 0);
        await CloseAsync();
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "floor.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await _connection.OpenAsync(cancellationToken);
        await ExecuteAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecuteAsync("PRAGMA synchronous=NORMAL;", cancellationToken);
        await ExecuteAsync("DROP TABLE IF EXISTS items; CREATE TABLE items (id INTEGER PRIMARY KEY, pk TEXT NOT NULL, data TEXT NOT NULL);", cancellationToken);
        _nextRow = 0;
    }

    public IBenchWorker CreateWorker(int index, Random random, WorkerRecorder recorder)
    {
        if (index != 0) throw new ArgumentOutOfRangeException(nameof(index), index, "SQLite has one writer: the floor runs one worker.");
        var connection = _connection ?? throw new InvalidOperationException("SetupAsync first.");
        return new Worker(this, connection, random);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private async Task CloseAsync()
    {
        if (_connection is null) return;
        await _connection.DisposeAsync();
        _connection = null;
        SqliteConnection.ClearAllPools();
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection!.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Worker : IBenchWorker
    {
        private readonly SqliteFloor _floor;
        private readonly SqliteConnection _connection;
        private readonly Random _random;
        private readonly SqliteCommand _insert;
        private readonly SqliteParameter _id;
        private readonly SqliteParameter _pk;
        private readonly SqliteParameter _data;

        public Worker(SqliteFloor floor, SqliteConnection connection, Random random)
        {
            _floor = floor;
            _connection = connection;
            _random = random;
            _insert = connection.CreateCommand();
            _insert.CommandText = "INSERT INTO items (id, pk, data) VALUES ($id, $pk, $data)";
            _id = _insert.Parameters.Add("$id", SqliteType.Integer);
            _pk = _insert.Parameters.Add("$pk", SqliteType.Text);
            _data = _insert.Parameters.Add("$data", SqliteType.Text);
        }

        public Task<int> ExecuteAsync(Operation operation, CancellationToken cancellationToken)
        {
            using var transaction = _connection.BeginTransaction();
            _insert.Transaction = transaction;
            for (var i = 0; i < BatchRows; i++)
            {
                var row = _floor._nextRow++;
                _id.Value = row;
                _pk.Value = KeySpace.PartitionKey(row);
                _data.Value = _floor._values.Next(_random);
                _insert.ExecuteNonQuery();
            }
            transaction.Commit();
            return Task.FromResult(BatchRows);
        }
    }
}
