using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Replication;

/// <summary>
/// The last journal ordering of each source (region, table tag) this region has applied, kept in
/// this region's own data folder and written only after the apply, so a restart resumes without loss; and when the
/// source's link last found this region caught up, so a new link knows how long it has been behind (docs/bounded-state.md).
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
        // Files written before the column existed get it; their sources count as never caught up.
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('replication_offset') WHERE name = 'caught_up_ticks'";
        if ((long)command.ExecuteScalar()! == 0)
        {
            command.CommandText = "ALTER TABLE replication_offset ADD COLUMN caught_up_ticks INTEGER NOT NULL DEFAULT 0";
            command.ExecuteNonQuery();
        }
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

    /// <summary>Where the source's journal resumes, and when its link last stored that this region had caught up (UTC ticks, 0 if never).</summary>
    public (long Ordering, long CaughtUpTicks) Load(string sourceRegion, string sourceTag)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ordering, caught_up_ticks FROM replication_offset WHERE source_region = $r AND source_tag = $t";
        command.Parameters.AddWithValue("$r", sourceRegion);
        command.Parameters.AddWithValue("$t", sourceTag);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetInt64(1)) : (0, 0);
    }

    /// <summary>Moves the offset and the caught-up time forward only; a late, older store changes nothing.</summary>
    public void Store(string sourceRegion, string sourceTag, long ordering, long caughtUpTicks = 0)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO replication_offset (source_region, source_tag, ordering, caught_up_ticks) VALUES ($r, $t, $o, $c)
            ON CONFLICT (source_region, source_tag) DO UPDATE SET
                ordering = MAX(ordering, excluded.ordering), caught_up_ticks = MAX(caught_up_ticks, excluded.caught_up_ticks)
            """;
        command.Parameters.AddWithValue("$r", sourceRegion);
        command.Parameters.AddWithValue("$t", sourceTag);
        command.Parameters.AddWithValue("$o", ordering);
        command.Parameters.AddWithValue("$c", caughtUpTicks);
        command.ExecuteNonQuery();
    }
}
