namespace GlobalTables.Model.Expressions;

/// <summary>Which request parameter an expression came from; DynamoDB names it in every error message.</summary>
public enum ExpressionKind
{
    Condition,
    Filter,
    KeyCondition,
    Update,
    Projection,
}

internal static class ExpressionKindText
{
    /// <summary>The prefix DynamoDB puts before parse errors, e.g. "Invalid ConditionExpression: ".</summary>
    public static string ErrorPrefix(this ExpressionKind kind) => kind switch
    {
        ExpressionKind.Condition => "Invalid ConditionExpression: ",
        ExpressionKind.Filter => "Invalid FilterExpression: ",
        ExpressionKind.KeyCondition => "Invalid KeyConditionExpression: ",
        ExpressionKind.Update => "Invalid UpdateExpression: ",
        ExpressionKind.Projection => "Invalid ProjectionExpression: ",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
