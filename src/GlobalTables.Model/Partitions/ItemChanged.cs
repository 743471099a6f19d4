using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// The one event a partition persists: an item's new image, or a tombstone when NewImage is null,
/// with the winning write's Version and the item's Context after it.
/// </summary>
/// <param name="WriteContext">The Context the winning write carried from its origin; null means the same as Context.
/// Kept apart because a concurrent merge widens Context beyond what the write itself had seen.</param>
/// <param name="ReplicatedFrom">The peer region this change arrived from; null for a write made here.</param>
/// <param name="Lineage">The writes whose data the image carries: the winning write and the writes it was made on top of
/// at its origin. Unlike Context it leaves out writes that lost a merge, whose data was dropped. Null means OriginContext.</param>
/// <param name="PreviousSequence">The journal sequence number, in this partition, of the event that last set this item; 0 when none.
/// A stream record's old image is that event's new image, so images are never stored twice. Meaningful only where persisted.</param>
/// <param name="Prior">The item before the change, carried whole instead of <paramref name="PreviousSequence"/> when the event that set it
/// may be deleted first (<see cref="JournalRetention"/>). Meaningful only where persisted.</param>
/// <param name="TimeToLiveAttribute">Set on a time to live delete (a system delete, <see cref="ExpiryRequest"/>): the attribute
/// the item expired by. It goes with the delete to every replica, whose stream records name DynamoDB as the deleter and
/// whose merge weighs it against a concurrent write by that attribute (<see cref="Replication.LwwResolver"/>).</param>
public sealed record ItemChanged(
    string Table,
    ItemKey Key,
    IReadOnlyDictionary<string, AttributeValue>? NewImage,
    Version Version,
    VersionVector Context,
    VersionVector? WriteContext = null,
    string? ReplicatedFrom = null,
    Lineage? Lineage = null,
    long PreviousSequence = 0,
    PriorImage? Prior = null,
    string? TimeToLiveAttribute = null)
{
    public VersionVector OriginContext => WriteContext ?? Context;

    public Lineage DataLineage => Lineage ?? Replication.Lineage.Of(OriginContext);

    public bool IsLocal => ReplicatedFrom is null;

    public bool IsTimeToLiveDelete => TimeToLiveAttribute is not null;
}
