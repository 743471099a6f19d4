using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>A boolean node of a condition, filter or key-condition tree.</summary>
internal abstract class ConditionNode : ExpressionNode
{
    public abstract bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item);
}

internal enum Comparator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal static class ComparatorText
{
    public static string Symbol(this Comparator comparator) => comparator switch
    {
        Comparator.Equal => "=",
        Comparator.NotEqual => "<>",
        Comparator.Less => "<",
        Comparator.LessOrEqual => "<=",
        Comparator.Greater => ">",
        Comparator.GreaterOrEqual => ">=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparator)),
    };
}

internal sealed class ComparisonCondition(Comparator comparator, Operand left, Operand right) : ConditionNode
{
    public Comparator Comparator { get; } = comparator;
    public Operand Left { get; } = left;
    public Operand Right { get; } = right;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var a = Left.Evaluate(item);
        var b = Right.Evaluate(item);
        switch (Comparator)
        {
            case Comparator.Equal: return AttributeComparison.AreEqual(a, b);
            case Comparator.NotEqual: return !AttributeComparison.AreEqual(a, b);
        }
        if (AttributeComparison.Compare(a, b) is not { } order) return false;
        return Comparator switch
        {
            Comparator.Less => order < 0,
            Comparator.LessOrEqual => order <= 0,
            Comparator.Greater => order > 0,
            _ => order >= 0,
        };
    }
}

internal sealed class BetweenCondition(Operand value, Operand lower, Operand upper) : ConditionNode
{
    public Operand Value { get; } = value;
    public Operand Lower { get; } = lower;
    public Operand Upper { get; } = upper;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var v = Value.Evaluate(item);
        return AttributeComparison.Compare(v, Lower.Evaluate(item)) >= 0 &&
               AttributeComparison.Compare(v, Upper.Evaluate(item)) <= 0;
    }
}

internal sealed class InCondition(Operand value, IReadOnlyList<Operand> candidates) : ConditionNode
{
    public Operand Value { get; } = value;
    public IReadOnlyList<Operand> Candidates { get; } = candidates;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var v = Value.Evaluate(item);
        if (v is null) return false;
        foreach (var candidate in Candidates)
            if (AttributeComparison.AreEqual(v, candidate.Evaluate(item))) return true;
        return false;
    }
}

internal sealed class AndCondition(ConditionNode left, ConditionNode right) : ConditionNode
{
    public ConditionNode Left { get; } = left;
    public ConditionNode Right { get; } = right;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => Left.Evaluate(item) && Right.Evaluate(item);
}

internal sealed class OrCondition(ConditionNode left, ConditionNode right) : ConditionNode
{
    public ConditionNode Left { get; } = left;
    public ConditionNode Right { get; } = right;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => Left.Evaluate(item) || Right.Evaluate(item);
}

internal sealed class NotCondition(ConditionNode operand) : ConditionNode
{
    public ConditionNode Operand { get; } = operand;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => !Operand.Evaluate(item);
}

/// <summary>A boolean function: attribute_exists, attribute_not_exists, attribute_type, begins_with, contains.</summary>
internal abstract class FunctionCondition(string name, IReadOnlyList<Operand> arguments) : ConditionNode
{
    public string Name { get; } = name;
    public IReadOnlyList<Operand> Arguments { get; } = arguments;
}

internal sealed class AttributeExistsCondition(string name, PathOperand path, bool exists) : FunctionCondition(name, [path])
{
    public bool Exists { get; } = exists;

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => Arguments[0].Evaluate(item) is not null == Exists;
}

internal sealed class AttributeTypeCondition(PathOperand path, Operand type) : FunctionCondition("attribute_type", [path, type])
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var value = Arguments[0].Evaluate(item);
        var typeName = Arguments[1].Evaluate(item);
        return value is not null && typeName is { Type: AttributeType.S } &&
               string.Equals(value.Type.ToString(), typeName.S, StringComparison.Ordinal);
    }
}

internal sealed class BeginsWithCondition(Operand value, Operand prefix) : FunctionCondition("begins_with", [value, prefix])
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item) =>
        AttributeComparison.BeginsWith(Arguments[0].Evaluate(item), Arguments[1].Evaluate(item));
}

internal sealed class ContainsCondition(Operand haystack, Operand needle) : FunctionCondition("contains", [haystack, needle])
{
    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item) =>
        AttributeComparison.Contains(Arguments[0].Evaluate(item), Arguments[1].Evaluate(item));
}

/// <summary>Stands in for a condition whose error is already recorded; never evaluated.</summary>
internal sealed class InvalidCondition : ConditionNode
{
    public static readonly InvalidCondition Instance = new();

    public override bool Evaluate(IReadOnlyDictionary<string, AttributeValue> item) =>
        throw new InvalidOperationException("An invalid expression was evaluated.");
}
