using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// What a partition decided for a write: an event to persist (null when nothing changes),
/// the attributes to return, and the sizes that capacity is charged on; or an error.
/// </summary>
public sealed record WriteDecision(
    ItemChanged? Change,
    IReadOnlyDictionary<string, AttributeValue>? Attributes,
    int OldSizeBytes,
    int NewSizeBytes,
    DynamoException? Error = null)
{
    public static WriteDecision Failed(DynamoException error) => new(null, null, 0, 0, error);
}
