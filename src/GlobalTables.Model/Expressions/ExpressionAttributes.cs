using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of its
/// expressions, tracking which were used so unused ones can be reported as DynamoDB does.
/// </summary>
public sealed class ExpressionAttributes(
    IReadOnlyDictionary<string, string>? names,
    IReadOnlyDictionary<string, AttributeValue>? values)
{
    public IReadOnlyDictionary<string, string>? Names { get; } = names;
    public IReadOnlyDictionary<string, AttributeValue>? Values { get; } = values;
    internal HashSet<string> UsedNames { get; } = new(StringComparer.Ordinal);
    internal HashSet<string> UsedValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Throws DynamoDB's ValidationException for names or values no expression used.</summary>
    public void AssertAllUsed() => throw new NotImplementedException();
}
