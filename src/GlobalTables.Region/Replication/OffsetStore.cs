using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;
using LinqToDB.Mapping;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Per source (region, table tag) and source partition, the sequence number up to which this region holds every change,
/// written only after the apply so a restart resumes without loss; and when the source's link last found this region
/// caught up, so a new link knows how long it has been behind (docs/bounded-state.md). Kept in the region's own store
/// (the SQLite file or the PostgreSQL schema of its journal) in tables of this class's own, through linq2db, so both
/// stores run the same code.
/// </summary>
public sealed class OffsetStore
{
    [Table("replication_partition_offset")]
    sealed class PartitionOffset
    {
        [PrimaryKey(0), Column("source_region"), NotNull] public string SourceRegion { get; set; } = "";
        [PrimaryKey(1), Column("source_tag"), NotNull] public string SourceTag { get; set; } = "";
        [PrimaryKey(2), Column("source_partition")] public int SourcePartition { get; set; }
        [Column("sequence_nr")] public long SequenceNr { get; set; }
    }

    [Table("replication_caught_up")]
    sealed class CaughtUp
    {
        [PrimaryKey(0), Column("source_region"), NotNull] public string SourceRegion { get; set; } = "";
        [PrimaryKey(1), Column("source_tag"), NotNull] public string SourceTag { get; set; } = "";
        [Column("caught_up_ticks")] public long Ticks { get; set; }
    }

    readonly DataOptions _store;

    /// <summary>Creates the tables if they are missing; called once at the region's start, before it serves.</summary>
    public OffsetStore(DataOptions store)
    {
        _store = store;
        using var db = new DataConnection(store);
        db.CreateTable<PartitionOffset>(tableOptions: TableOptions.CreateIfNotExists);
        db.CreateTable<CaughtUp>(tableOptions: TableOptions.CreateIfNotExists);
    }

    /// <summary>Where each partition of the source resumes, and when its link last stored that this region had caught up (UTC ticks, 0 if never).</summary>
    public async Task<ReplicationOffsets> LoadAsync(string sourceRegion, string sourceTag)
    {
        await using var db = new DataConnection(_store);
        var partitions = await db.GetTable<PartitionOffset>()
            .Where(o => o.SourceRegion == sourceRegion && o.SourceTag == sourceTag)
            .ToDictionaryAsync(o => o.SourcePartition, o => o.SequenceNr);
        var caughtUp = await db.GetTable<CaughtUp>()
            .Where(c => c.SourceRegion == sourceRegion && c.SourceTag == sourceTag)
            .Select(c => c.Ticks).FirstOrDefaultAsync();
        return new ReplicationOffsets(partitions, caughtUp);
    }

    /// <summary>Moves the offsets and the caught-up time forward only, in one transaction; a late, older store changes nothing.</summary>
    public async Task StoreAsync(string sourceRegion, string sourceTag, IReadOnlyDictionary<int, long> upTo, long caughtUpTicks = 0)
    {
        if (upTo.Count == 0 && caughtUpTicks == 0) return;
        await using var db = new DataConnection(_store);
        await using var transaction = await db.BeginTransactionAsync();
        foreach (var (partition, sequence) in upTo)
            await db.GetTable<PartitionOffset>().InsertOrUpdateAsync(
                () => new PartitionOffset { SourceRegion = sourceRegion, SourceTag = sourceTag, SourcePartition = partition, SequenceNr = sequence },
                o => new PartitionOffset { SequenceNr = o.SequenceNr > sequence ? o.SequenceNr : sequence });
        if (caughtUpTicks > 0)
            await db.GetTable<CaughtUp>().InsertOrUpdateAsync(
                () => new CaughtUp { SourceRegion = sourceRegion, SourceTag = sourceTag, Ticks = caughtUpTicks },
                c => new CaughtUp { Ticks = c.Ticks > caughtUpTicks ? c.Ticks : caughtUpTicks });
        await transaction.CommitAsync();
    }
}
