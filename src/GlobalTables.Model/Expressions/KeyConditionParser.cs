using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// Turns a parsed condition tree into key conditions, rejecting what DynamoDB rejects in a
/// KeyConditionExpression: OR, NOT, IN, &lt;&gt;, functions other than begins_with, nested attributes,
/// two conditions on one key and more than two conditions.
/// </summary>
internal static class KeyConditionParser
{
    public static KeyConditionExpression Parse(string text, ExpressionAttributes attributes)
    {
        var root = ConditionParser.Parse(text, attributes, ExpressionKind.KeyCondition);
        var conditions = new List<KeyCondition>(2);
        Collect(root, conditions);
        if (conditions.Count > 2) throw DynamoException.Validation("Conditions can be of length 1 or 2 only");

        var partition = conditions.FirstOrDefault(c => c.Operator == KeyConditionOperator.Equal) ?? conditions[0];
        var sort = conditions.FirstOrDefault(c => !ReferenceEquals(c, partition));
        return new KeyConditionExpression(conditions, partition, sort);
    }

    static void Collect(ConditionNode node, List<KeyCondition> conditions)
    {
        switch (node)
        {
            case AndCondition and:
                Collect(and.Left, conditions);
                Collect(and.Right, conditions);
                return;
            case OrCondition:
                throw Invalid("OR");
            case NotCondition:
                throw Invalid("NOT");
            case InCondition:
                throw Invalid("IN");
            case ComparisonCondition { Comparator: Comparator.NotEqual }:
                throw Invalid("<>");
            case FunctionCondition { Name: not "begins_with" } function:
                throw Invalid(function.Name);
        }
        Add(ToKeyCondition(node), conditions);
    }

    static DynamoException Invalid(string op) => DynamoException.Validation($"Invalid operator used in KeyConditionExpression: {op}");

    static KeyCondition ToKeyCondition(ConditionNode node)
    {
        switch (node)
        {
            case ComparisonCondition comparison:
            {
                var (name, value, keyFirst) = KeyAndValue(comparison.Left, comparison.Right);
                var op = comparison.Comparator switch
                {
                    Comparator.Equal => KeyConditionOperator.Equal,
                    Comparator.Less => keyFirst ? KeyConditionOperator.LessThan : KeyConditionOperator.GreaterThan,
                    Comparator.LessOrEqual => keyFirst ? KeyConditionOperator.LessThanOrEqual : KeyConditionOperator.GreaterThanOrEqual,
                    Comparator.Greater => keyFirst ? KeyConditionOperator.GreaterThan : KeyConditionOperator.LessThan,
                    _ => keyFirst ? KeyConditionOperator.GreaterThanOrEqual : KeyConditionOperator.LessThanOrEqual,
                };
                return new KeyCondition(name, op, value, null);
            }
            case BetweenCondition between:
            {
                if (between.Value is SizeOperand || between.Lower is SizeOperand || between.Upper is SizeOperand)
                    throw NestedOperation();
                if (between.Value is not PathOperand path)
                    throw DynamoException.Validation("Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand");
                if (between.Lower is PathOperand || between.Upper is PathOperand) throw MultipleNames();
                return new KeyCondition(KeyName(path), KeyConditionOperator.Between, Literal(between.Lower), Literal(between.Upper));
            }
            case BeginsWithCondition beginsWith:
            {
                if (beginsWith.Arguments.Any(a => a is SizeOperand)) throw NestedOperation();
                if (beginsWith.Arguments[0] is not PathOperand path)
                    throw DynamoException.Validation("Invalid condition in KeyConditionExpression: begins_with operator must have the key attribute as its first operand");
                if (beginsWith.Arguments[1] is PathOperand) throw MultipleNames();
                return new KeyCondition(KeyName(path), KeyConditionOperator.BeginsWith, Literal(beginsWith.Arguments[1]), null);
            }
            default:
                throw new InvalidOperationException("Unexpected key condition node " + node.GetType().Name);
        }
    }

    static (string Name, AttributeValue Value, bool KeyFirst) KeyAndValue(Operand left, Operand right)
    {
        if (left is SizeOperand || right is SizeOperand) throw NestedOperation();
        if (left is PathOperand a)
        {
            if (right is PathOperand) throw MultipleNames();
            return (KeyName(a), Literal(right), true);
        }
        if (right is PathOperand b) return (KeyName(b), Literal(left), false);
        throw DynamoException.Validation("Invalid condition in KeyConditionExpression: No key attribute specified");
    }

    static string KeyName(PathOperand path)
    {
        if (path.Path.Count > 1) throw DynamoException.Validation("KeyConditionExpressions cannot have conditions on nested attributes");
        return path.Path.TopLevelName;
    }

    static AttributeValue Literal(Operand operand) =>
        operand is ValueOperand { Value: { } value } ? value : throw new InvalidOperationException("Key condition operand is not a value.");

    static DynamoException NestedOperation() => DynamoException.Validation("KeyConditionExpressions cannot contain nested operations");

    static DynamoException MultipleNames() =>
        DynamoException.Validation("Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");

    static void Add(KeyCondition condition, List<KeyCondition> conditions)
    {
        foreach (var existing in conditions)
            if (existing.AttributeName == condition.AttributeName)
                throw DynamoException.Validation("KeyConditionExpressions must only contain one condition per key");
        conditions.Add(condition);
    }
}
