using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Attributes;

/// <summary>
/// DynamoDB's limit on nested attributes: the attribute itself is level 1 and each M or L inside adds one,
/// up to <see cref="Limits.AttributeNestingLevelsMax"/>. Nothing deeper is read or stored, so the recursive
/// code over values (sizes, comparisons, serialization) stays shallow.
/// </summary>
public static class AttributeNesting
{
    public static DynamoException TooDeep() => DynamoException.Validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");

    /// <summary>Throws <see cref="TooDeep"/> when <paramref name="level"/> is past the limit; call before reading a value at that level.</summary>
    public static void Check(int level)
    {
        if (level > Limits.AttributeNestingLevelsMax) throw TooDeep();
    }

    /// <summary>Throws <see cref="TooDeep"/> when the value, an attribute at level 1, nests past the limit. Looks no deeper than the limit.</summary>
    public static void CheckAttribute(AttributeValue value) => Check(value, 1);

    static void Check(AttributeValue value, int level)
    {
        Check(level);
        if (value.Type == AttributeType.M)
            foreach (var member in value.M.Values) Check(member, level + 1);
        else if (value.Type == AttributeType.L)
            foreach (var element in value.L) Check(element, level + 1);
    }
}
