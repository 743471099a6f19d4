using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>A parsed UpdateExpression: SET, REMOVE, ADD and DELETE actions.</summary>
public sealed class UpdateExpression
{
    /// <summary>Top-level attribute names this expression writes or removes, for key checks and UPDATED_* return values.</summary>
    public IReadOnlyCollection<string> TopLevelAttributes => throw new NotImplementedException();

    /// <summary>Applies to a copy of the item (empty when absent). Throws DynamoException on a type or path error.</summary>
    public Dictionary<string, AttributeValue> Apply(IReadOnlyDictionary<string, AttributeValue>? item) => throw new NotImplementedException();

    /// <summary>Projects the attribute paths this expression touched out of an image, for UPDATED_OLD and UPDATED_NEW.</summary>
    public Dictionary<string, AttributeValue> ProjectUpdated(IReadOnlyDictionary<string, AttributeValue> image) => throw new NotImplementedException();
}
