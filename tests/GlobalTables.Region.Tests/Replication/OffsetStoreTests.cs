using GlobalTables.Region.Replication;
using LinqToDB;
using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Tests.Replication;

/// <summary>The positions a region stores for each source partition, with the time each source's link last found it caught up.</summary>
public sealed class OffsetStoreTests : IDisposable
{
    readonly string _folder = TestRegion.NewFolder();

    public OffsetStoreTests() => Directory.CreateDirectory(_folder);

    DataOptions Store() => new DataOptions().UseConnectionString(ProviderName.SQLiteMS, $"Data Source={Path.Combine(_folder, "journal.db")}");

    [Fact]
    public async Task Offsets_and_caught_up_times_only_move_forward_per_partition()
    {
        var store = new OffsetStore(Store());
        var empty = await store.LoadAsync("us-east-1", "T@1");
        Assert.Empty(empty.Partitions);
        Assert.Equal(0, empty.CaughtUpTicks);

        await store.StoreAsync("us-east-1", "T@1", new Dictionary<int, long> { [0] = 10, [3] = 5 }, caughtUpTicks: 500);
        await store.StoreAsync("us-east-1", "T@1", new Dictionary<int, long> { [0] = 8, [3] = 6 }, caughtUpTicks: 400);
        await store.StoreAsync("us-east-1", "T@1", new Dictionary<int, long> { [1] = 12 });
        await store.StoreAsync("eu-west-2", "T@1", new Dictionary<int, long> { [0] = 99 });

        // A store opened again (a restart) reads the same.
        var loaded = await new OffsetStore(Store()).LoadAsync("us-east-1", "T@1");
        Assert.Equal(new Dictionary<int, long> { [0] = 10, [1] = 12, [3] = 6 }, loaded.Partitions.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal(500, loaded.CaughtUpTicks);
        Assert.Equal(99, (await store.LoadAsync("eu-west-2", "T@1")).Partitions[0]);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, true); } catch (IOException) { }
    }
}
