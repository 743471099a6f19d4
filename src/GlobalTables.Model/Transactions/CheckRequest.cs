using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Transactions;

/// <summary>A transaction's ConditionCheck: a condition on an item that writes nothing.</summary>
public sealed record CheckRequest(ItemKey Key, ConditionExpression Condition, bool ReturnItemOnConditionFailure)
    : WriteRequest(Key, Condition, ReturnValue.NONE, ReturnItemOnConditionFailure);
