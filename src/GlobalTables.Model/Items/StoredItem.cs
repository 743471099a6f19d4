using GlobalTables.Model.Attributes;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Items;

/// <summary>
/// An item as a partition holds it: its image (null for a tombstone), Version and Context, and the
/// Context its current write carried from its origin.
/// </summary>
/// <param name="Lineage">The writes whose data the image carries (see <see cref="Partitions.ItemChanged.Lineage"/>).</param>
/// <param name="Sequence">The journal sequence number of the event that set this item, in its partition.</param>
public sealed record StoredItem(IReadOnlyDictionary<string, AttributeValue>? Image, Version Version, VersionVector Context, int SizeBytes, VersionVector WriteContext,
    Lineage? Lineage = null, long Sequence = 0)
{
    public Lineage DataLineage => Lineage ?? Replication.Lineage.Of(WriteContext);

    public bool IsTombstone => Image is null;

    /// <summary>The item a persisted change leaves.</summary>
    /// <param name="sequence">The journal sequence number the change is persisted at.</param>
    public static StoredItem Of(Partitions.ItemChanged change, long sequence) =>
        new(change.NewImage, change.Version, change.Context, ItemSize.Of(change.NewImage), change.OriginContext, change.DataLineage, sequence);
}
