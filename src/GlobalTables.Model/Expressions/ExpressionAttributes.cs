using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

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
    public void AssertAllUsed()
    {
        if (Names is not null)
        {
            var unused = Names.Keys.Where(k => !UsedNames.Contains(k)).ToList();
            if (unused.Count > 0)
                throw DynamoException.Validation(
                    "Value provided in ExpressionAttributeNames unused in expressions: keys: {" + string.Join(", ", unused) + "}");
        }
        if (Values is not null)
        {
            var unused = Values.Keys.Where(k => !UsedValues.Contains(k)).ToList();
            if (unused.Count > 0)
                throw DynamoException.Validation(
                    "Value provided in ExpressionAttributeValues unused in expressions: keys: {" + string.Join(", ", unused) + "}");
        }
    }
}
