using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>A parsed ProjectionExpression: a list of document paths.</summary>
public sealed class ProjectionExpression
{
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue> item) => throw new NotImplementedException();
}
