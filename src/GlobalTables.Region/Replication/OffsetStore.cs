using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Replication;

/// <summary>
/// The last journal ordering of each source (region, table tag) this region has applied, kept in
/// this region's own data folder and written only after the apply, so a restart resumes without loss.
/// </summary>
public sealed class OffsetStore
{
    readonly string _connectionString;

    public OffsetStore(string dataFolder)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "replication.db"), Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS replication_offset (
                source_region TEXT NOT NULL,
                source_tag    TEXT NOT NULL,
                ordering      INTEGER NOT NULL,
                PRIMARY KEY (source_region, source_tag));
            """;
        command.ExecuteNonQuery();
    }

    SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public long Load(string sourceRegion, string sourceTag)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ordering FROM replication_offset WHERE source_region = $r AND source_tag = $t";
        command.Parameters.AddWithValue("$r", sourceRegion);
        command.Parameters.AddWithValue("$t", sourceTag);
        return command.ExecuteScalar() is long ordering ? ordering : 0;
    }

    /// <summary>Moves the offset forward only; a late, older store changes nothing.</summary>
    public void Store(string sourceRegion, string sourceTag, long ordering)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO replication_offset (source_region, source_tag, ordering) VALUES ($r, $t, $o)
            ON CONFLICT (source_region, source_tag) DO UPDATE SET ordering = MAX(ordering, excluded.ordering)
            """;
        command.Parameters.AddWithValue("$r", sourceRegion);
        command.Parameters.AddWithValue("$t", sourceTag);
        command.Parameters.AddWithValue("$o", ordering);
        command.ExecuteNonQuery();
    }
}
