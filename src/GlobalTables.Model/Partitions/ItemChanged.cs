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
public sealed record ItemChanged(
    string Table,
    ItemKey Key,
    IReadOnlyDictionary<string, AttributeValue>? NewImage,
    Version Version,
    VersionVector Context,
    VersionVector? WriteContext = null,
    string? ReplicatedFrom = null)
{
    public VersionVector OriginContext => WriteContext ?? Context;

    public bool IsLocal => ReplicatedFrom is null;
}
