using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Serialization;

namespace GlobalTables.Region.Replication;

/// <summary>
/// To a partition: apply a peer's changes, in order, by the LWW rule; replies <see cref="ReplicatedApplied"/>
/// once all are persisted. One message per partition and batch, so a backfill costs one journal write per batch.
/// </summary>
/// <param name="IsFill">The changes are a peer's whole state (a fill), not its journal: see <see cref="Model.Partitions.PartitionState.ResolveReplicated"/>.</param>
public sealed record ApplyReplicated(IReadOnlyList<ItemChanged> Changes, bool IsFill = false);

public sealed record ReplicatedApplied(IReadOnlyList<ApplyOutcome> Outcomes);

/// <summary>From a partition to its region's hub: a local change is persisted and can go to the peers.</summary>
/// <param name="Partition">The partition's number in its table.</param>
/// <param name="Sequence">The change's sequence number in the partition's journal.</param>
public sealed record LocalWrite(ItemChanged Change, string Tag, int Partition, long Sequence);

/// <summary>
/// From a source region's link to a destination's receiver: changes of one table, read from the source's partition
/// journals or pushed straight after their ack. Replies <see cref="BatchApplied"/> once every change is applied.
/// </summary>
/// <param name="UpTo">For the destination to store once the changes are applied: per source partition, the sequence number
/// up to which it holds every change (<see cref="Model.Replication.PartitionCursors"/>).</param>
/// <param name="FillProgress">While a new replica is filled from a snapshot: items sent so far, and of how many.</param>
/// <param name="CaughtUpTicks">The destination then held every change the source's journal had confirmed before this time
/// (UTC ticks, the source's clock), which it stores for the source's next link (docs/bounded-state.md).</param>
public sealed record ReplicateBatch(string SourceRegion, string SourceTag, string Table, IReadOnlyList<ItemChanged> Changes,
    IReadOnlyDictionary<int, long>? UpTo = null, (long Sent, long Total)? FillProgress = null, long? CaughtUpTicks = null)
    : IGlobalTablesMessage;

public sealed record BatchApplied(int Applied) : IGlobalTablesMessage;

/// <summary>Asks a destination where a source's partition journals should resume; replies <see cref="ReplicationOffsets"/>.</summary>
public sealed record GetReplicationOffsets(string SourceRegion, string SourceTag) : IGlobalTablesMessage;

/// <param name="Partitions">Per source partition, the sequence number stored with <see cref="ReplicateBatch.UpTo"/>; a partition not here has none.</param>
/// <param name="CaughtUpTicks">The last time the source's link stored as caught up (see <see cref="ReplicateBatch.CaughtUpTicks"/>); 0 when none.</param>
public sealed record ReplicationOffsets(IReadOnlyDictionary<int, long> Partitions, long CaughtUpTicks = 0) : IGlobalTablesMessage;

/// <summary>Asks any node of a destination region for the remoting addresses of its nodes; replies <see cref="RegionMembers"/>.</summary>
public sealed record GetRegionMembers : IGlobalTablesMessage
{
    public static readonly GetRegionMembers Instance = new();
}

/// <param name="Addresses">The Akka.Remote addresses of the region's nodes that are up and reachable, as
/// <c>akka.tcp://system@host:port</c>: a source's links try them when the node they send to does not answer.</param>
public sealed record RegionMembers(IReadOnlyList<string> Addresses) : IGlobalTablesMessage;

/// <summary>
/// To a region's hub, from a peer that can be reached again (healed, or recovered): its links to that peer stop
/// waiting out their retry delay and resume now.
/// </summary>
public sealed record PeerReachable(string Region) : IGlobalTablesMessage;

/// <summary>Reads every item of a partition with its Version and Context, tombstones too; replies <see cref="ItemsDumped"/>.</summary>
public sealed record DumpItems
{
    public static readonly DumpItems Instance = new();
}

/// <param name="Sequence">The partition's last sequence number at the dump: the items hold every change up to it.</param>
public sealed record ItemsDumped(IReadOnlyList<(ItemKey Key, StoredItem Item)> Items, long Sequence) : IGlobalTablesMessage;

/// <summary>
/// To the hub, from a partition that may trim its journal: how far every peer replica of the table has caught up.
/// Replies <see cref="PeersCaughtUp"/>.
/// </summary>
public sealed record GetPeersCaughtUp(string Tag);

/// <summary>
/// How far the peer replicas of a table have caught up: each holds every change this region's journal had confirmed
/// before the time given (<see cref="DateTimeOffset.MaxValue"/> without peers, <see cref="DateTimeOffset.MinValue"/> while
/// one has not caught up since its link started).
/// </summary>
/// <param name="Before">Over the peers that hold the journal: a peer fallen behind the retained journal counts no more,
/// since it is refilled from a snapshot.</param>
/// <param name="AllBefore">Over every peer: a tombstone stays until each holds it, since a refill is a peer's state as it
/// stands, and it would bring back what a forgotten tombstone deleted.</param>
public sealed record PeersCaughtUp(DateTimeOffset Before, DateTimeOffset AllBefore);
