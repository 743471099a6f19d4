using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>One action of an update expression, on one document path.</summary>
internal abstract class UpdateAction(DocumentPath path)
{
    public DocumentPath Path { get; } = path;
}

/// <summary><c>SET path = value</c>. The value is computed from the item as it was before the update.</summary>
internal sealed class SetAction(DocumentPath path, Operand value) : UpdateAction(path)
{
    public Operand Value { get; } = value;
}

/// <summary><c>REMOVE path</c>.</summary>
internal sealed class RemoveAction(DocumentPath path) : UpdateAction(path);

/// <summary><c>ADD path :value</c>: adds a number (a missing attribute counts as 0) or unions a set.</summary>
internal sealed class AddAction(DocumentPath path, ValueOperand value) : UpdateAction(path)
{
    public ValueOperand Value { get; } = value;

    public AttributeValue? Apply(AttributeValue? existing)
    {
        var operand = Value.Value!;
        if (existing is null) return operand;
        if (existing.Type != operand.Type) throw UpdateErrors.IncorrectOperandType();
        return operand.Type switch
        {
            AttributeType.N => UpdateErrors.CheckedNumber(existing.N + operand.N),
            AttributeType.SS => AttributeValue.FromSS(SetAlgebra.Union(existing.SS, operand.SS, StringComparer.Ordinal)),
            AttributeType.NS => AttributeValue.FromNS(SetAlgebra.Union(existing.NS, operand.NS, EqualityComparer<DynamoNumber>.Default)),
            AttributeType.BS => AttributeValue.FromBS(SetAlgebra.Union(existing.BS, operand.BS, SetAlgebra.Bytes)),
            _ => throw UpdateErrors.IncorrectOperandType(),
        };
    }
}

/// <summary><c>DELETE path :set</c>: removes elements from a set, and the attribute when the set empties.</summary>
internal sealed class DeleteAction(DocumentPath path, ValueOperand value) : UpdateAction(path)
{
    public ValueOperand Value { get; } = value;

    public AttributeValue? Apply(AttributeValue? existing)
    {
        var operand = Value.Value!;
        if (existing is null) return null;
        if (existing.Type != operand.Type) throw UpdateErrors.IncorrectOperandType();
        switch (operand.Type)
        {
            case AttributeType.SS:
                var ss = SetAlgebra.Difference(existing.SS, operand.SS, StringComparer.Ordinal);
                return ss.Count == 0 ? null : AttributeValue.FromSS(ss);
            case AttributeType.NS:
                var ns = SetAlgebra.Difference(existing.NS, operand.NS, EqualityComparer<DynamoNumber>.Default);
                return ns.Count == 0 ? null : AttributeValue.FromNS(ns);
            case AttributeType.BS:
                var bs = SetAlgebra.Difference(existing.BS, operand.BS, SetAlgebra.Bytes);
                return bs.Count == 0 ? null : AttributeValue.FromBS(bs);
            default:
                throw UpdateErrors.IncorrectOperandType();
        }
    }
}
