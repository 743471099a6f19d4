using GlobalTables.Model.Tables;
using GlobalTables.Region.Streams;

namespace GlobalTables.Region.Tests.Streams;

/// <summary>A partition's journal as streams read it, through Akka.Persistence.Query, on a real region on SQLite.</summary>
public sealed class StreamJournalTests : RegionNodeTests
{
    /// <summary>One partition per table, so every write lands in the partition read.</summary>
    protected override string Config => "globaltables.partitions-per-table = 1";

    [Fact]
    public async Task Reads_a_partitions_events_by_sequence_number_with_the_time_each_was_written()
    {
        var table = await TestRegion.CreateTableAsync(Node, "Journaled");
        var id = table.PartitionEntityId(0);
        var journal = new StreamJournal(Node.System, TimeSpan.FromSeconds(10));
        var before = DateTimeOffset.UtcNow;
        for (int i = 0; i < 30; i++) await WriteAsync(table, Put($"k{i % 10}", $"v{i}"));
        var after = DateTimeOffset.UtcNow;

        var expected = (await JournalAsync(id)).Select(e => e.SequenceNr).ToList();
        long highest = expected[^1];
        Assert.Equal(highest, await journal.HighestAsync(id));
        Assert.Equal(0, await journal.HighestAsync(table.PartitionEntityId(1)));

        var all = await journal.ReadFromAsync(id, 1, 1000);
        Assert.Equal(expected, all.Select(r => r.Sequence));
        var changes = all.Where(r => r.Change is not null).ToList();
        Assert.Equal(30, changes.Count);
        // The creation time is the row's, in UTC.
        Assert.All(changes, r => Assert.InRange(r.Created, before, after));
        Assert.Equal($"v{29}", changes[^1].Change!.NewImage!["v"].S);

        Assert.Equal([5, 6, 7], (await journal.ReadFromAsync(id, 5, 3)).Select(r => r.Sequence));
        Assert.Empty(await journal.ReadFromAsync(id, highest + 1, 10));
        Assert.Equal(changes[3].Sequence, (await journal.ReadAtAsync(id, changes[3].Sequence))!.Sequence);
        Assert.Null(await journal.ReadAtAsync(id, highest + 1));

        // Changes far apart, next to each other, and one never written.
        long[] asked = [changes[0].Sequence, changes[1].Sequence, changes[^1].Sequence, highest + 5];
        var found = await journal.ReadChangesAsync(id, asked);
        Assert.Equal(asked[..3].Order(), found.Keys.Order());
        Assert.Equal("v29", found[changes[^1].Sequence].NewImage!["v"].S);

        Assert.Equal(new StreamJournal.Boundary(1, true), await journal.FirstAtOrAfterAsync(id, before.AddDays(-1)));
        Assert.Equal(new StreamJournal.Boundary(highest + 1, false), await journal.FirstAtOrAfterAsync(id, after.AddTicks(1)));
        var middle = changes[15];
        // Events written together share a creation time: the search finds the first of them.
        Assert.Equal(new StreamJournal.Boundary(all.First(r => r.Created >= middle.Created).Sequence, true), await journal.FirstAtOrAfterAsync(id, middle.Created));
        Assert.Equal(new StreamJournal.Boundary(all.First(r => r.Created >= all[^1].Created).Sequence, true), await journal.FirstAtOrAfterAsync(id, all[^1].Created));
    }

    async Task WriteAsync(TableDefinition table, Model.Partitions.WriteRequest request) =>
        Assert.Null((await Node.WriteAsync(table, request)).Error);
}
