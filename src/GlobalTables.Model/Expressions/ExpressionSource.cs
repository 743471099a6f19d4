using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// What a parsed expression was built from: its text with the request's ExpressionAttributeNames and Values, or the
/// legacy parameters it translates. The tree cannot leave the process, so a message between a region's nodes
/// (docs/cluster.md) carries this instead, and the owning node builds the same tree again with <see cref="Build"/>.
/// </summary>
public abstract record ExpressionSource
{
    /// <summary>The expression again: a ConditionExpression, UpdateExpression or ProjectionExpression.</summary>
    public abstract object Build();
}

/// <summary>A ConditionExpression, FilterExpression, UpdateExpression or ProjectionExpression, with the request's names and values.</summary>
public sealed record ExpressionText(
    string Text,
    ExpressionKind Kind,
    IReadOnlyDictionary<string, string>? Names,
    IReadOnlyDictionary<string, AttributeValue>? Values) : ExpressionSource
{
    public override object Build()
    {
        var attributes = new ExpressionAttributes(Names, Values);
        return Kind switch
        {
            ExpressionKind.Update => ExpressionParser.ParseUpdate(Text, attributes),
            ExpressionKind.Projection => ExpressionParser.ParseProjection(Text, attributes),
            _ => ExpressionParser.ParseCondition(Text, attributes, Kind),
        };
    }
}

/// <summary>Expected with ConditionalOperator.</summary>
public sealed record ExpectedSource(IReadOnlyList<LegacyExpected> Expected, string? ConditionalOperator) : ExpressionSource
{
    public override object Build() => LegacyParameters.Expected(Expected, ConditionalOperator);
}

/// <summary>QueryFilter or ScanFilter with ConditionalOperator.</summary>
public sealed record LegacyFilterSource(IReadOnlyList<LegacyCondition> Conditions, string? ConditionalOperator) : ExpressionSource
{
    public override object Build() => LegacyParameters.Filter(Conditions, ConditionalOperator);
}

/// <summary>AttributesToGet, as a projection.</summary>
public sealed record AttributesToGetSource(IReadOnlyList<string> Names) : ExpressionSource
{
    public override object Build() => LegacyParameters.AttributesToGet(Names);
}

/// <summary>AttributeUpdates, as an update.</summary>
public sealed record AttributeUpdatesSource(IReadOnlyList<LegacyAttributeUpdate> Updates) : ExpressionSource
{
    public override object Build() => LegacyParameters.AttributeUpdates(Updates);
}
