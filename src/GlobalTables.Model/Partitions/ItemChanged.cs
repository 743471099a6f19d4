using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// The one event a partition persists: an item's new image, or a tombstone when NewImage is null,
/// with the write's Version and the item's Context after it.
/// </summary>
public sealed record ItemChanged(
    string Table,
    ItemKey Key,
    IReadOnlyDictionary<string, AttributeValue>? NewImage,
    Version Version,
    VersionVector Context);
