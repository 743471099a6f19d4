using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;

namespace GlobalTables.Model.Partitions;

/// <summary>A validated single-item write, ready for the partition that owns its key.</summary>
public abstract record WriteRequest(ItemKey Key, ConditionExpression? Condition, ReturnValue ReturnValues, bool ReturnItemOnConditionFailure);

public sealed record PutRequest(
    ItemKey Key,
    IReadOnlyDictionary<string, AttributeValue> Item,
    ConditionExpression? Condition,
    ReturnValue ReturnValues,
    bool ReturnItemOnConditionFailure) : WriteRequest(Key, Condition, ReturnValues, ReturnItemOnConditionFailure);

public sealed record UpdateRequest(
    ItemKey Key,
    IReadOnlyDictionary<string, AttributeValue> KeyAttributes,
    UpdateExpression? Update,
    ConditionExpression? Condition,
    ReturnValue ReturnValues,
    bool ReturnItemOnConditionFailure) : WriteRequest(Key, Condition, ReturnValues, ReturnItemOnConditionFailure);

public sealed record DeleteRequest(
    ItemKey Key,
    ConditionExpression? Condition,
    ReturnValue ReturnValues,
    bool ReturnItemOnConditionFailure) : WriteRequest(Key, Condition, ReturnValues, ReturnItemOnConditionFailure);

/// <summary>
/// Time to live's delete of an item found expired (<see cref="ExpiredItems"/>): decided like a DeleteItem, on the
/// condition that the item is still expired at <paramref name="At"/> and still this region's to delete, so a write that
/// extended its time to live meanwhile is never erased.
/// </summary>
/// <param name="Attribute">The table's time to live attribute.</param>
/// <param name="Replicas">The regions of the table's replicas; empty for a table in this region only.</param>
public sealed record ExpiryRequest(ItemKey Key, string Attribute, DateTimeOffset At, IReadOnlyCollection<string> Replicas)
    : WriteRequest(Key, null, ReturnValue.NONE, false);
