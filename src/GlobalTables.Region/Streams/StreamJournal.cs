using GlobalTables.Model.Partitions;
using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Streams;

/// <summary>
/// Reads one partition's events straight from the journal table, where Akka.Persistence.Sql wrote them:
/// streams are served from the partition journals, not from a second copy of the data. Rows are found by
/// (persistence_id, sequence_number), the journal's unique index.
/// </summary>
public sealed class StreamJournal(string connectionString, Akka.Serialization.Serialization serialization)
{
    /// <summary>A journal row; <paramref name="Change"/> is null for an event that is not an item change.</summary>
    public sealed record Row(long Sequence, DateTimeOffset Created, ItemChanged? Change);

    /// <summary>Up to <paramref name="limit"/> rows from <paramref name="from"/> on, in sequence order.</summary>
    public async Task<List<Row>> ReadFromAsync(string persistenceId, long from, int limit)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence_number, created, message, identifier, manifest FROM journal
            WHERE persistence_id = $p AND sequence_number >= $from AND deleted = 0
            ORDER BY sequence_number LIMIT $limit
            """;
        command.Parameters.AddWithValue("$p", persistenceId);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$limit", limit);
        var rows = new List<Row>(Math.Min(limit, 1024));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(ReadRow(reader));
        return rows;
    }

    /// <summary>The item changes at the given sequence numbers; missing or other events are left out.</summary>
    public async Task<Dictionary<long, ItemChanged>> ReadChangesAsync(string persistenceId, IReadOnlyCollection<long> sequences)
    {
        var found = new Dictionary<long, ItemChanged>(sequences.Count);
        if (sequences.Count == 0) return found;
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        // json_each takes the whole list as one parameter, so the statement text is the same for any count.
        command.CommandText = """
            SELECT sequence_number, created, message, identifier, manifest FROM journal
            WHERE persistence_id = $p AND deleted = 0 AND sequence_number IN (SELECT value FROM json_each($s))
            """;
        command.Parameters.AddWithValue("$p", persistenceId);
        command.Parameters.AddWithValue("$s", "[" + string.Join(',', sequences) + "]");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            if (ReadRow(reader) is { Change: { } change } row) found[row.Sequence] = change;
        return found;
    }

    /// <summary>The partition's newest sequence number; 0 when it has written nothing.</summary>
    public async Task<long> HighestAsync(string persistenceId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(sequence_number), 0) FROM journal WHERE persistence_id = $p";
        command.Parameters.AddWithValue("$p", persistenceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// The first sequence number written at or after <paramref name="at"/>, or the next one to be written. A partition
    /// writes in sequence order, so creation times rise with sequence numbers and a binary search finds it.
    /// </summary>
    public async Task<long> FirstAtOrAfterAsync(string persistenceId, DateTimeOffset at)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT sequence_number, created FROM journal WHERE persistence_id = $p AND sequence_number >= $s
            ORDER BY sequence_number LIMIT 1
            """;
        var p = command.Parameters.AddWithValue("$p", persistenceId);
        var s = command.Parameters.AddWithValue("$s", 0L);
        long ticks = at.UtcTicks;
        long low = 1, high = await HighestAsync(persistenceId) + 1;
        // Invariant: every row below low was created before at; the first row from high on (or the next write) was not.
        while (low < high)
        {
            long mid = low + (high - low) / 2;
            s.Value = mid;
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) { high = mid; continue; }
            long sequence = reader.GetInt64(0);
            if (reader.GetInt64(1) < ticks) low = sequence + 1;
            else high = mid;
        }
        return low;
    }

    Row ReadRow(SqliteDataReader reader)
    {
        long sequence = reader.GetInt64(0);
        var created = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero);
        var payload = serialization.Deserialize((byte[])reader.GetValue(2), reader.GetInt32(3), reader.IsDBNull(4) ? "" : reader.GetString(4));
        return new Row(sequence, created, payload as ItemChanged);
    }

    async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }
}
