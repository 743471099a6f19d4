using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;
using GlobalTables.Region.Replication;
using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Tests.Replication;

/// <summary>
/// The replication backstop's reader on a real region's SQLite journal: one tag's changes in journal
/// order, page by page, and resume points that never skip a row of the tag.
/// </summary>
public sealed class JournalTailTests : RegionNodeTests
{
    Task<TableDefinition> CreateTableAsync(string name) => TestRegion.CreateTableAsync(Node, name);

    async Task PutAsync(TableDefinition table, string key)
    {
        var item = new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(key) };
        var decision = await Node.WriteAsync(table, new PutRequest(new ItemKey(AttributeValue.FromS(key), null), item, null, ReturnValue.NONE, false));
        Assert.Null(decision.Error);
    }

    JournalTail Tail(TableDefinition table) =>
        new(Node.System, new SqliteConnectionStringBuilder { DataSource = Path.Combine(Folder, "journal.db") }.ToString(), table.ReplicationTag);

    [Fact]
    public async Task Pages_hold_only_the_tags_changes_in_order_and_resume_where_the_last_left_off()
    {
        var orders = await CreateTableAsync("orders");
        // A second table whose name starts with the first: its rows lie in between and are not this tag.
        var other = await CreateTableAsync("orders2");
        for (int i = 0; i < 7; i++)
        {
            await PutAsync(orders, $"o{i}");
            await PutAsync(other, $"x{i}");
        }
        var tail = Tail(orders);

        var first = tail.Read(0, 3);
        var second = tail.Read(first.ScannedTo, 3);
        var third = tail.Read(second.ScannedTo, 3);

        Assert.True(first.Full && second.Full && !third.Full);
        var read = first.Changes.Concat(second.Changes).Concat(third.Changes).ToList();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"o{i}"), read.Select(c => c.Change.Key.PartitionKey.S));
        Assert.All(read, c => Assert.Equal("orders", c.Change.Table));
        Assert.True(read.Zip(read.Skip(1)).All(p => p.Item1.Ordering < p.Item2.Ordering), "not in journal order");
        // A full page resumes at its own last row; a short one covers the journal up to its newest row.
        Assert.Equal(first.Changes[^1].Ordering, first.ScannedTo);
        Assert.True(third.ScannedTo > third.Changes[^1].Ordering, "the other table's last row was not scanned past");
        Assert.Equal(read[^1].Ordering, tail.NewestOrdering(0));
        Assert.Equal(read[^1].Ordering, tail.NewestOrdering(read[3].Ordering));

        // Nothing new: an empty short page that does not move back.
        var idle = tail.Read(third.ScannedTo, 3);
        Assert.Empty(idle.Changes);
        Assert.False(idle.Full);
        Assert.Equal(third.ScannedTo, idle.ScannedTo);
        Assert.Equal(third.ScannedTo, tail.NewestOrdering(third.ScannedTo));

        await PutAsync(orders, "late");
        var late = tail.Read(idle.ScannedTo, 3);
        Assert.Equal("late", Assert.Single(late.Changes).Change.Key.PartitionKey.S);
    }

    [Fact]
    public async Task Rows_written_in_older_forms_go_out_as_the_current_form()
    {
        var orders = await CreateTableAsync("legacy");
        await PutAsync(orders, "old");
        await PutAsync(orders, "new");
        var tail = Tail(orders);
        var before = tail.Read(0, 10).Changes;
        Assert.Equal(["old", "new"], before.Select(c => c.Key.PartitionKey.S));

        // The first row as a journal from before ic3 holds it: nested JSON under manifest ic2.
        var old = before[0].Change;
        var json = $$$"""{"T":"legacy","Pk":{"S":"old"},"Img":{"pk":{"S":"old"}},"Vp":{{{old.Version.Stamp.PhysicalMs}}},"Vl":{{{old.Version.Stamp.Logical}}},"Vr":"{{{old.Version.Region}}}","C":{"{{{old.Version.Region}}}":[{{{old.Version.Stamp.PhysicalMs}}},{{{old.Version.Stamp.Logical}}}]}}""";
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Folder, "journal.db") }.ToString()))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE journal SET manifest = 'ic2', message = $message WHERE ordering = $ordering";
            update.Parameters.AddWithValue("$message", System.Text.Encoding.UTF8.GetBytes(json));
            update.Parameters.AddWithValue("$ordering", before[0].Ordering);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var after = tail.Read(0, 10).Changes;
        Assert.Equal(before.Select(c => (c.Ordering, c.Key, c.Version)), after.Select(c => (c.Ordering, c.Key, c.Version)));
        // Re-encoded: the bytes a peer gets decode to the same change.
        Assert.Equal(old.NewImage!["pk"], GlobalTables.Region.Serialization.GlobalTablesSerializer.DecodeChange(after[0].Encoded).NewImage!["pk"]);
        Assert.Equal(before[1].Encoded, after[1].Encoded);
    }
}
