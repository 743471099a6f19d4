namespace GlobalTables.Model.Expressions;

/// <summary>Parses DynamoDB's expression languages into trees, once per request.</summary>
public static class ExpressionParser
{
    public static ConditionExpression ParseCondition(string text, ExpressionAttributes attributes) => throw new NotImplementedException();
    public static UpdateExpression ParseUpdate(string text, ExpressionAttributes attributes) => throw new NotImplementedException();
    public static ProjectionExpression ParseProjection(string text, ExpressionAttributes attributes) => throw new NotImplementedException();
}
