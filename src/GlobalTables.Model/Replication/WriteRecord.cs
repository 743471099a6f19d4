using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Replication;

/// <summary>One write as a conflict shows it: its image (null for a delete), Version, origin Context, and the writes whose data it carries.</summary>
public sealed record WriteRecord(IReadOnlyDictionary<string, AttributeValue>? Image, Version Version, VersionVector Context, Lineage? Lineage = null)
{
    public Lineage DataLineage => Lineage ?? Replication.Lineage.Of(Context);
}
