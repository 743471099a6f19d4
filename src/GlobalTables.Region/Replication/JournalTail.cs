using Akka.Actor;
using GlobalTables.Model.Partitions;
using GlobalTables.Region.Serialization;
using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Replication;

/// <summary>One page of a tag's journal rows: the changes in journal order, and how far the page covers the journal.</summary>
/// <param name="ScannedTo">
/// Every row of the tag up to this ordering is in <paramref name="Changes"/> or was before <c>after</c>: the last row
/// of a full page, or the journal's newest ordering when the page is short, so an idle tag does not rescan other tables' rows.
/// </param>
/// <param name="Full">The page stopped at its row limit, so more rows may follow at once.</param>
public sealed record JournalPage(IReadOnlyList<JournalChange> Changes, long ScannedTo, bool Full);

/// <summary>
/// Reads one table tag's local changes straight from the SQLite journal by ordering, in pages, for a
/// replication link's backstop. Akka.Persistence.Sql writes the tags in Csv form (<c>;tag;</c>) and each
/// event's payload with its serializer id and manifest, so the row deserializes without the query plugin.
/// Rows in the current form (ic3) are not decoded beyond their key and Version: they go to the peer as they are.
/// SQLite has one writer, which assigns orderings in commit order: a row visible to a read means every
/// smaller ordering is committed, so the page's newest ordering is a safe resume point.
/// </summary>
public sealed class JournalTail(ActorSystem system, string connectionString, string tag)
{
    readonly string _pattern = "%;" + tag + ";%";

    public JournalPage Read(long after, int rowsMax)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        // One read transaction: the page and the newest ordering come from the same snapshot.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT ordering, message, identifier, manifest FROM journal
            WHERE ordering > $after AND tags LIKE $tag AND deleted = 0
            ORDER BY ordering LIMIT $rows
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$tag", _pattern);
        command.Parameters.AddWithValue("$rows", rowsMax);
        var changes = new List<JournalChange>();
        long last = after;
        int rows = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows++;
                last = reader.GetInt64(0);
                var bytes = (byte[])reader[1];
                int serializer = reader.GetInt32(2);
                var manifest = reader.GetString(3);
                if (serializer == GlobalTablesSerializer.SerializerId && manifest == GlobalTablesSerializer.ItemChangedManifest)
                {
                    var (key, version) = GlobalTablesSerializer.DecodeChangeHead(bytes);
                    changes.Add(new JournalChange(last, key, version, bytes));
                }
                else if (system.Serialization.Deserialize(bytes, serializer, manifest) is ItemChanged older)
                    changes.Add(new JournalChange(last, older.Key, older.Version, GlobalTablesSerializer.EncodeChange(older)));
            }
        }
        if (rows >= rowsMax) return new JournalPage(changes, last, Full: true);
        command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
        command.Parameters.Clear();
        return new JournalPage(changes, Math.Max(last, (long)command.ExecuteScalar()!), Full: false);
    }

    /// <summary>How many rows of the tag come after <paramref name="after"/>: a link's backlog, in writes.</summary>
    public long CountAfter(long after) => ScalarAfter("SELECT COUNT(*) FROM journal WHERE ordering > $after AND tags LIKE $tag", after);

    /// <summary>
    /// The newest row of the tag, or <paramref name="after"/> if none is newer: how far a new replica must be
    /// filled. Scans only the rows after <paramref name="after"/>.
    /// </summary>
    public long NewestOrdering(long after) =>
        ScalarAfter("SELECT COALESCE(MAX(ordering), $after) FROM journal WHERE ordering > $after AND tags LIKE $tag", after);

    long ScalarAfter(string sql, long after)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$tag", _pattern);
        return (long)command.ExecuteScalar()!;
    }
}
