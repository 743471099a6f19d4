using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>A parsed ConditionExpression or FilterExpression.</summary>
public sealed class ConditionExpression
{
    /// <summary>Evaluates against an item; a missing item is an empty one.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => throw new NotImplementedException();
}
