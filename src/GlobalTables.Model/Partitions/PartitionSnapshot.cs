using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Transactions;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// A partition's whole state at one journal sequence number: every item as stored (tombstones, Versions, Contexts,
/// lineages and the sequence numbers of their events included) and the transactions still prepared, which hold their
/// locks. Recovery loads it, then replays only the events after it. It also keeps what journal retention needs across
/// a restart: the marks not yet passed, and the highest tombstone collected; and the secondary indexes as last defined,
/// with their entries, which a restore loads as they are.
/// </summary>
/// <param name="LostUpdates">Written empty, and ignored when read: the lost-update log is read from the journal. Kept
/// so that format ps1 stays as it was, and snapshots written when partitions held the log still load.</param>
public sealed record PartitionSnapshot(
    string Table,
    IReadOnlyList<KeyValuePair<ItemKey, StoredItem>> Items,
    IReadOnlyList<LostUpdate> LostUpdates,
    IReadOnlyList<TransactionPrepared> Prepared,
    IReadOnlyList<RetentionMark> Marks,
    HlcStamp CollectedThrough,
    IndexesDefined? Indexes = null,
    IReadOnlyList<Indexes.IndexContents>? IndexContents = null);
