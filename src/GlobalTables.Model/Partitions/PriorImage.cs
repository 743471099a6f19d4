using GlobalTables.Model.Attributes;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// The item as it stood before a change, carried inside the change instead of a pointer to the event that set it,
/// when that event may be deleted before this one is (<see cref="JournalRetention"/>): a stream record's old image
/// must outlive the journal rows below the retention.
/// </summary>
/// <param name="Image">The item before the change; null when it was a tombstone.</param>
public sealed record PriorImage(IReadOnlyDictionary<string, AttributeValue>? Image, Version Version);
