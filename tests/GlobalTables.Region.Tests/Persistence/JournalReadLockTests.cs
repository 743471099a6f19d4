using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Tests.Persistence;

/// <summary>
/// Reads of a region's SQLite journal (the replication backstop's, Streams', the lost-update log's) take a read
/// transaction, not SQLite's one write lock: they go on while a writer holds it, and hold up no write. With the
/// plugin's default isolation, Microsoft.Data.Sqlite began each read with BEGIN IMMEDIATE, which waits for the write
/// lock and then holds it for the read (docs/durability.md).
/// </summary>
public sealed class JournalReadLockTests : RegionNodeTests
{
    [Fact]
    public async Task A_journal_read_answers_while_another_connection_holds_the_write_lock()
    {
        var table = await TestRegion.CreateTableAsync(Node, "Read");
        Assert.Null((await Node.WriteAsync(table, Put("k", "v"))).Error);
        string entity = table.PartitionEntityId(new Model.Items.ItemKey(Model.Attributes.AttributeValue.FromS("k"), null).PartitionOf(table.PartitionCount));

        await using var holder = new SqliteConnection($"Data Source={Path.Combine(Folder, "journal.db")};Pooling=false");
        await holder.OpenAsync();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }
        // Held for far longer than a read takes: a read that waited for the lock would end only when it is released.
        var read = JournalAsync(entity);
        var first = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(15)));
        bool answeredWhileHeld = first == read;
        using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        Assert.True(answeredWhileHeld, "the journal read waited for the write lock");
        var events = await read;
        Assert.Equal("v", events.Select(e => e.Event).OfType<Model.Partitions.ItemChanged>().Single().NewImage!["v"].S);
    }
}
