using GlobalTables.Region.Replication;
using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Tests.Replication;

/// <summary>The offsets a region stores for its sources, with the time each source's link last found it caught up.</summary>
public sealed class OffsetStoreTests : IDisposable
{
    readonly string _folder = TestRegion.NewFolder();

    public OffsetStoreTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Offsets_and_caught_up_times_only_move_forward()
    {
        var store = new OffsetStore(_folder);
        Assert.Equal((0L, 0L), store.Load("us-east-1", "T@1"));
        store.Store("us-east-1", "T@1", 10, caughtUpTicks: 500);
        store.Store("us-east-1", "T@1", 8, caughtUpTicks: 400);
        store.Store("us-east-1", "T@1", 12);
        Assert.Equal((12L, 500L), new OffsetStore(_folder).Load("us-east-1", "T@1"));
    }

    [Fact]
    public void A_file_written_before_caught_up_times_existed_gets_the_column_and_keeps_its_offsets()
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "replication.db")};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE replication_offset (source_region TEXT NOT NULL, source_tag TEXT NOT NULL, ordering INTEGER NOT NULL,
                    PRIMARY KEY (source_region, source_tag));
                INSERT INTO replication_offset VALUES ('us-east-1', 'T@1', 77);
                """;
            command.ExecuteNonQuery();
        }
        var store = new OffsetStore(_folder);
        Assert.Equal((77L, 0L), store.Load("us-east-1", "T@1"));
        store.Store("us-east-1", "T@1", 78, caughtUpTicks: 9);
        Assert.Equal((78L, 9L), store.Load("us-east-1", "T@1"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
