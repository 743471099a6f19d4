using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Expressions;

/// <summary>One entry of KeyConditions, QueryFilter or ScanFilter: an attribute, a ComparisonOperator and its values.</summary>
public sealed record LegacyCondition(string AttributeName, string ComparisonOperator, IReadOnlyList<AttributeValue> Values);

/// <summary>One entry of Expected: either Value/Exists, or a ComparisonOperator with AttributeValueList (or Value).</summary>
public sealed record LegacyExpected(string AttributeName, AttributeValue? Value, bool? Exists, string? ComparisonOperator, IReadOnlyList<AttributeValue>? AttributeValueList);

/// <summary>One entry of AttributeUpdates: PUT (the default), ADD or DELETE, with an optional value.</summary>
public sealed record LegacyAttributeUpdate(string AttributeName, string? Action, AttributeValue? Value);

/// <summary>
/// Translates the pre-expression parameters (Expected, KeyConditions, QueryFilter, ScanFilter,
/// AttributesToGet, AttributeUpdates, ConditionalOperator) into the same trees the expression
/// parsers build, with DynamoDB's validation messages for them.
/// </summary>
public static class LegacyParameters
{
    const string Invalid = "One or more parameter values were invalid: ";

    /// <summary>Expected with ConditionalOperator, as a ConditionExpression.</summary>
    public static ConditionExpression Expected(IReadOnlyList<LegacyExpected> expected, string? conditionalOperator)
    {
        CheckConditionalOperator(expected.Count, conditionalOperator);
        var nodes = new List<ConditionNode>(expected.Count);
        foreach (var e in expected)
        {
            if (e.ComparisonOperator is { } op)
            {
                if (e.Exists is not null) throw DynamoException.Validation($"{Invalid}Exists and ComparisonOperator cannot be used together for Attribute: {e.AttributeName}");
                if (e.AttributeValueList is not null && e.Value is not null)
                    throw DynamoException.Validation($"{Invalid}Value and AttributeValueList cannot be used together for Attribute: {e.AttributeName}");
                var values = e.AttributeValueList ?? (e.Value is null ? [] : [e.Value]);
                if (!ArgumentCountFits(op, values.Count))
                    throw DynamoException.Validation($"{Invalid}Invalid number of argument(s) for the {op} ComparisonOperator");
                nodes.Add(Comparison(e.AttributeName, op, values));
                continue;
            }
            if (e.AttributeValueList is not null)
                throw DynamoException.Validation($"{Invalid}AttributeValueList can only be used with a ComparisonOperator for Attribute: {e.AttributeName}");
            bool exists = e.Exists ?? true;
            if (exists && e.Value is null)
                throw DynamoException.Validation($"{Invalid}Value must be provided when Exists is {(e.Exists is null ? "null" : "true")} for Attribute: {e.AttributeName}");
            if (!exists && e.Value is not null)
                throw DynamoException.Validation($"{Invalid}Value cannot be used when Exists is false for Attribute: {e.AttributeName}");
            nodes.Add(exists
                ? new ComparisonCondition(Comparator.Equal, Path(e.AttributeName), Value(e.Value!))
                : new AttributeExistsCondition("attribute_not_exists", Path(e.AttributeName), exists: false));
        }
        return new ConditionExpression(Combine(nodes, conditionalOperator), new ExpectedSource(expected, conditionalOperator));
    }

    /// <summary>QueryFilter or ScanFilter with ConditionalOperator, as a filter.</summary>
    public static ConditionExpression Filter(IReadOnlyList<LegacyCondition> conditions, string? conditionalOperator)
    {
        CheckConditionalOperator(conditions.Count, conditionalOperator);
        var nodes = new List<ConditionNode>(conditions.Count);
        foreach (var c in conditions)
        {
            CheckFilterArguments(c);
            nodes.Add(Comparison(c.AttributeName, c.ComparisonOperator, c.Values));
        }
        return new ConditionExpression(Combine(nodes, conditionalOperator), new LegacyFilterSource(conditions, conditionalOperator));
    }

    /// <summary>KeyConditions as a key condition; <see cref="KeyConditionExpression.ForKeySchema"/> then settles it.</summary>
    public static KeyConditionExpression KeyConditions(IReadOnlyList<LegacyCondition> conditions)
    {
        foreach (var c in conditions) CheckFilterArguments(c);
        if (conditions.Count is not (1 or 2)) throw DynamoException.Validation("Conditions can be of length 1 or 2 only");
        var keyConditions = new List<KeyCondition>(conditions.Count);
        foreach (var c in conditions)
        {
            var op = c.ComparisonOperator switch
            {
                "EQ" => KeyConditionOperator.Equal,
                "LT" => KeyConditionOperator.LessThan,
                "LE" => KeyConditionOperator.LessThanOrEqual,
                "GT" => KeyConditionOperator.GreaterThan,
                "GE" => KeyConditionOperator.GreaterThanOrEqual,
                "BETWEEN" => KeyConditionOperator.Between,
                "BEGINS_WITH" => KeyConditionOperator.BeginsWith,
                _ => throw DynamoException.Validation("Attempted conditional constraint is not an indexable operation"),
            };
            keyConditions.Add(new KeyCondition(c.AttributeName, op, c.Values[0], op == KeyConditionOperator.Between ? c.Values[1] : null));
        }
        var partition = keyConditions.FirstOrDefault(k => k.Operator == KeyConditionOperator.Equal) ?? keyConditions[0];
        return new KeyConditionExpression(keyConditions, partition, keyConditions.FirstOrDefault(k => !ReferenceEquals(k, partition)));
    }

    /// <summary>AttributesToGet as a projection of top-level attributes.</summary>
    public static ProjectionExpression AttributesToGet(IReadOnlyList<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
            if (!seen.Add(name)) throw DynamoException.Validation($"{Invalid}Duplicate value in attribute name: {name}");
        return new ProjectionExpression(names.Select(n => new DocumentPath([PathElement.Key(n)])).ToList(), new AttributesToGetSource(names));
    }

    /// <summary>AttributeUpdates as an update: PUT is SET, DELETE without a value is REMOVE, ADD and DELETE with a value are ADD and DELETE.</summary>
    public static UpdateExpression AttributeUpdates(IReadOnlyList<LegacyAttributeUpdate> updates)
    {
        var actions = new List<UpdateAction>(updates.Count);
        foreach (var u in updates)
        {
            var path = new DocumentPath([PathElement.Key(u.AttributeName)]);
            var action = u.Action ?? "PUT";
            if (u.Value is null)
            {
                if (action != "DELETE") throw DynamoException.Validation($"{Invalid}Only DELETE action is allowed when no attribute value is specified");
                actions.Add(new RemoveAction(path));
                continue;
            }
            var value = new ValueOperand(":" + u.AttributeName, u.Value);
            switch (action)
            {
                case "PUT":
                    actions.Add(new SetAction(path, value));
                    break;
                case "ADD":
                    if (u.Value.Type is not (AttributeType.N or AttributeType.SS or AttributeType.NS or AttributeType.BS))
                        throw DynamoException.Validation($"{Invalid}ADD action is not supported for the type {u.Value.Type}");
                    actions.Add(new AddAction(path, value));
                    break;
                default:
                    if (!u.Value.IsSet) throw DynamoException.Validation($"{Invalid}DELETE action with value is not supported for the type {u.Value.Type}");
                    actions.Add(new DeleteAction(path, value));
                    break;
            }
        }
        return new UpdateExpression(actions, new AttributeUpdatesSource(updates));
    }

    static void CheckConditionalOperator(int count, string? conditionalOperator)
    {
        if (conditionalOperator is not null && count == 0)
            throw DynamoException.Validation($"{Invalid}ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }

    static void CheckFilterArguments(LegacyCondition c)
    {
        if (!ArgumentCountFits(c.ComparisonOperator, c.Values.Count))
            throw DynamoException.Validation("The attempted filter operation is not supported for the provided filter argument count");
        bool scalarsOnly = c.ComparisonOperator is not ("EQ" or "NE" or "NULL" or "NOT_NULL");
        bool stringOrBinary = c.ComparisonOperator == "BEGINS_WITH";
        foreach (var v in c.Values)
            if ((scalarsOnly && v.Type is not (AttributeType.S or AttributeType.N or AttributeType.B)) || (stringOrBinary && v.Type == AttributeType.N))
                throw DynamoException.Validation("The attempted filter operation is not supported for the provided type");
    }

    static bool ArgumentCountFits(string op, int count) => op switch
    {
        "NULL" or "NOT_NULL" => count == 0,
        "IN" => count > 0,
        "BETWEEN" => count == 2,
        _ => count == 1,
    };

    /// <summary>One legacy comparison as the node its expression form parses to.</summary>
    static ConditionNode Comparison(string attribute, string op, IReadOnlyList<AttributeValue> values)
    {
        var path = Path(attribute);
        foreach (var v in values)
            if (op is "LT" or "LE" or "GT" or "GE" or "BETWEEN" or "BEGINS_WITH" or "CONTAINS" or "NOT_CONTAINS" or "IN" && v.Type is not (AttributeType.S or AttributeType.N or AttributeType.B))
                throw DynamoException.Validation($"{Invalid}ComparisonOperator {op} is not valid for {v.Type} AttributeValue type");
        return op switch
        {
            "EQ" => new ComparisonCondition(Comparator.Equal, path, Value(values[0])),
            "NE" => new ComparisonCondition(Comparator.NotEqual, path, Value(values[0])),
            "LT" => new ComparisonCondition(Comparator.Less, path, Value(values[0])),
            "LE" => new ComparisonCondition(Comparator.LessOrEqual, path, Value(values[0])),
            "GT" => new ComparisonCondition(Comparator.Greater, path, Value(values[0])),
            "GE" => new ComparisonCondition(Comparator.GreaterOrEqual, path, Value(values[0])),
            "BETWEEN" => new BetweenCondition(path, Value(values[0]), Value(values[1])),
            "IN" => new InCondition(path, values.Select(v => (Operand)Value(v)).ToList()),
            "BEGINS_WITH" => new BeginsWithCondition(path, Value(values[0])),
            "CONTAINS" => new ContainsCondition(path, Value(values[0])),
            "NOT_CONTAINS" => new NotCondition(new ContainsCondition(path, Value(values[0]))),
            "NULL" => new AttributeExistsCondition("attribute_not_exists", path, exists: false),
            "NOT_NULL" => new AttributeExistsCondition("attribute_exists", path, exists: true),
            _ => throw DynamoException.Validation($"{Invalid}Unsupported ComparisonOperator: {op}"),
        };
    }

    static ConditionNode Combine(List<ConditionNode> nodes, string? conditionalOperator)
    {
        var root = nodes[0];
        for (int i = 1; i < nodes.Count; i++)
            root = conditionalOperator == "OR" ? new OrCondition(root, nodes[i]) : new AndCondition(root, nodes[i]);
        return root;
    }

    static PathOperand Path(string attribute) => new(new DocumentPath([PathElement.Key(attribute)]));

    static ValueOperand Value(AttributeValue value) => new(":legacy", value);
}
