using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>A parsed ConditionExpression or FilterExpression.</summary>
public sealed class ConditionExpression
{
    static readonly Dictionary<string, AttributeValue> Empty = new();

    readonly ConditionNode _root;

    internal ConditionExpression(ConditionNode root, ExpressionSource source)
    {
        _root = root;
        Source = source;
    }

    /// <summary>What this was parsed from, to build it again on another node.</summary>
    public ExpressionSource Source { get; }

    /// <summary>Evaluates against an item; a missing item is an empty one.</summary>
    public bool Evaluate(IReadOnlyDictionary<string, AttributeValue>? item) => _root.Evaluate(item ?? Empty);
}
