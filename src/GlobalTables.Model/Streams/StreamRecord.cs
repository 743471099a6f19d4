using System.Security.Cryptography;
using System.Text;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Streams;

/// <summary>One record of a stream: what a write did to an item, with the images its view type asks for.</summary>
/// <param name="ByTimeToLive">A time to live delete, which DynamoDB's records name as the service's (userIdentity).</param>
public sealed record StreamRecord(
    string EventId,
    string EventName,
    IReadOnlyDictionary<string, AttributeValue> Keys,
    IReadOnlyDictionary<string, AttributeValue>? NewImage,
    IReadOnlyDictionary<string, AttributeValue>? OldImage,
    long Sequence,
    long SizeBytes,
    DateTimeOffset ApproximateCreationDateTime,
    string ViewType,
    bool ByTimeToLive = false)
{
    public const string Insert = "INSERT";
    public const string Modify = "MODIFY";
    public const string Remove = "REMOVE";

    /// <summary>
    /// The record of a change persisted at <paramref name="sequence"/>, given the change before it to the same item.
    /// Null when the item did not visibly change: a replicated write that lost under last-writer-wins (the event
    /// keeps the current Version and only widens the Context), or a delete of an item that was already absent.
    /// </summary>
    public static StreamRecord? Of(ItemChanged change, ItemChanged? previous, long sequence, DateTimeOffset created, string streamArn, string shardId,
        KeySchema schema, string viewType)
    {
        // The event an item's change points back to is that item's; anything else would be a miscounted journal.
        if (previous is not null && !previous.Key.Equals(change.Key)) previous = null;
        // A change whose earlier event may be gone carries the item as it was (JournalRetention).
        var prior = change.Prior ?? (previous is null ? null : new PriorImage(previous.NewImage, previous.Version));
        var oldImage = prior?.Image;
        if (prior is not null && prior.Version == change.Version) return null;
        if (change.NewImage is null && oldImage is null) return null;

        var keys = new Dictionary<string, AttributeValue>(2, StringComparer.Ordinal) { [schema.PartitionKey.Name] = change.Key.PartitionKey };
        if (schema.SortKey is { } sort && change.Key.SortKey is { } sortValue) keys[sort.Name] = sortValue;
        var newImage = viewType is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES" ? change.NewImage : null;
        oldImage = viewType is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES" ? oldImage : null;
        string name = change.NewImage is null ? Remove : prior?.Image is null ? Insert : Modify;
        long size = ItemSize.Of(keys) + ItemSize.Of(newImage) + ItemSize.Of(oldImage);
        // Whole seconds, as DynamoDB rounds it down.
        var at = DateTimeOffset.FromUnixTimeSeconds(created.ToUnixTimeSeconds());
        return new StreamRecord(EventIdOf(streamArn, shardId, sequence), name, keys, newImage, oldImage, sequence, size, at, viewType,
            change.IsTimeToLiveDelete);
    }

    /// <summary>The same record always gets the same id, however often it is read.</summary>
    static string EventIdOf(string streamArn, string shardId, long sequence) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{streamArn}/{shardId}/{sequence}")));
}
