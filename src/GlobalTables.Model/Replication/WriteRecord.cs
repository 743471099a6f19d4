using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Replication;

/// <summary>One write as a conflict shows it: its image (null for a delete), Version and origin Context.</summary>
public sealed record WriteRecord(IReadOnlyDictionary<string, AttributeValue>? Image, Version Version, VersionVector Context);
