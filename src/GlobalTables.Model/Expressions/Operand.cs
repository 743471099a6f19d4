using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>An expression that yields an attribute value: a path, a placeholder value or a function.</summary>
internal abstract class Operand : ExpressionNode
{
    /// <summary>The value, or null when it is missing (an absent attribute, size of a number...).</summary>
    public abstract AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item);

    /// <summary>The value for an update's right-hand side, where a missing attribute is an error.</summary>
    public virtual AttributeValue EvaluateRequired(IReadOnlyDictionary<string, AttributeValue> item) =>
        Evaluate(item) ?? throw UpdateErrors.MissingAttribute();

    /// <summary>The type known before evaluation (a literal's type; N for size), for DynamoDB's static checks.</summary>
    public virtual AttributeType? StaticType => null;
}

internal sealed class PathOperand(DocumentPath path) : Operand
{
    public DocumentPath Path { get; } = path;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => Path.Resolve(item);
}

/// <summary>An ExpressionAttributeValues placeholder; Value is null only while an undefined one is being reported.</summary>
internal sealed class ValueOperand(string placeholder, AttributeValue? value) : Operand
{
    public string Placeholder { get; } = placeholder;
    public AttributeValue? Value { get; } = value;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => Value;
    public override AttributeType? StaticType => Value?.Type;
}

/// <summary><c>size(path)</c>: string length, binary length, or the number of elements of a set, list or map.</summary>
internal sealed class SizeOperand(Operand argument) : Operand
{
    public Operand Argument { get; } = argument;

    public override AttributeType? StaticType => AttributeType.N;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var value = Argument.Evaluate(item);
        if (value is null) return null;
        int? size = value.Type switch
        {
            AttributeType.S => value.S.Length,
            AttributeType.B => value.B.Length,
            AttributeType.SS => value.SS.Count,
            AttributeType.NS => value.NS.Count,
            AttributeType.BS => value.BS.Count,
            AttributeType.L => value.L.Count,
            AttributeType.M => value.M.Count,
            _ => null,
        };
        return size is { } n ? AttributeValue.FromN(DynamoNumber.FromLong(n)) : null;
    }
}

/// <summary><c>if_not_exists(path, operand)</c>: the value at path when present, otherwise the operand.</summary>
internal sealed class IfNotExistsOperand(PathOperand path, Operand fallback) : Operand
{
    public PathOperand Path { get; } = path;
    public Operand Fallback { get; } = fallback;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => EvaluateRequired(item);

    public override AttributeValue EvaluateRequired(IReadOnlyDictionary<string, AttributeValue> item) =>
        Path.Evaluate(item) ?? Fallback.EvaluateRequired(item);
}

/// <summary><c>list_append(list1, list2)</c>.</summary>
internal sealed class ListAppendOperand(Operand first, Operand second) : Operand
{
    public Operand First { get; } = first;
    public Operand Second { get; } = second;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => EvaluateRequired(item);

    public override AttributeValue EvaluateRequired(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var a = First.EvaluateRequired(item);
        if (a.Type != AttributeType.L) throw UpdateErrors.IncorrectOperandType();
        var b = Second.EvaluateRequired(item);
        if (b.Type != AttributeType.L) throw UpdateErrors.IncorrectOperandType();
        var list = new List<AttributeValue>(a.L.Count + b.L.Count);
        list.AddRange(a.L);
        list.AddRange(b.L);
        return AttributeValue.FromL(list);
    }
}

/// <summary><c>operand + operand</c> or <c>operand - operand</c> in a SET action.</summary>
internal sealed class ArithmeticOperand(bool subtract, Operand left, Operand right) : Operand
{
    public bool Subtract { get; } = subtract;
    public Operand Left { get; } = left;
    public Operand Right { get; } = right;

    public override AttributeType? StaticType => AttributeType.N;

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item) => EvaluateRequired(item);

    public override AttributeValue EvaluateRequired(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var a = Left.EvaluateRequired(item);
        if (a.Type != AttributeType.N) throw UpdateErrors.IncorrectOperandType();
        var b = Right.EvaluateRequired(item);
        if (b.Type != AttributeType.N) throw UpdateErrors.IncorrectOperandType();
        return UpdateErrors.CheckedNumber(Subtract ? a.N - b.N : a.N + b.N);
    }
}

/// <summary>Stands in for an operand whose error is already recorded; never evaluated.</summary>
internal sealed class InvalidOperand : Operand
{
    public static readonly InvalidOperand Instance = new();

    public override AttributeValue? Evaluate(IReadOnlyDictionary<string, AttributeValue> item) =>
        throw new InvalidOperationException("An invalid expression was evaluated.");
}
