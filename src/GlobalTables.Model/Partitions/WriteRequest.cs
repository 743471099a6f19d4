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
