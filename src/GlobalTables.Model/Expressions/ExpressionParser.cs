namespace GlobalTables.Model.Expressions;

/// <summary>Parses DynamoDB's expression languages into trees, once per request.</summary>
/// <remarks>
/// Every user error is a <see cref="Validation.DynamoException"/> carrying DynamoDB's message, prefixed with
/// the expression's parameter name ("Invalid ConditionExpression: ..."). Used placeholders are recorded in the
/// <see cref="ExpressionAttributes"/> for <see cref="ExpressionAttributes.AssertAllUsed"/>.
/// </remarks>
public static class ExpressionParser
{
    public static ConditionExpression ParseCondition(string text, ExpressionAttributes attributes) =>
        ParseCondition(text, attributes, ExpressionKind.Condition);

    /// <summary>Parses a ConditionExpression or, with <see cref="ExpressionKind.Filter"/>, a FilterExpression.</summary>
    public static ConditionExpression ParseCondition(string text, ExpressionAttributes attributes, ExpressionKind kind)
    {
        if (kind is not (ExpressionKind.Condition or ExpressionKind.Filter))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A condition is a ConditionExpression or a FilterExpression.");
        return new ConditionExpression(ConditionParser.Parse(text, attributes, kind), Source(text, kind, attributes));
    }

    public static ConditionExpression ParseFilter(string text, ExpressionAttributes attributes) =>
        ParseCondition(text, attributes, ExpressionKind.Filter);

    public static UpdateExpression ParseUpdate(string text, ExpressionAttributes attributes) =>
        new(UpdateParser.Parse(text, attributes), Source(text, ExpressionKind.Update, attributes));

    public static ProjectionExpression ParseProjection(string text, ExpressionAttributes attributes) =>
        new(ProjectionParser.Parse(text, attributes), Source(text, ExpressionKind.Projection, attributes));

    static ExpressionText Source(string text, ExpressionKind kind, ExpressionAttributes attributes) =>
        new(text, kind, attributes.Names, attributes.Values);

    public static KeyConditionExpression ParseKeyCondition(string text, ExpressionAttributes attributes) =>
        KeyConditionParser.Parse(text, attributes);
}
