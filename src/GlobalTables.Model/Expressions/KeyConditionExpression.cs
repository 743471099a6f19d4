using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Expressions;

/// <summary>
/// A parsed KeyConditionExpression: an equality on the partition key, and optionally one condition on the
/// sort key. Without the key schema the parser guesses which is which (the equality; the first one when
/// both are equalities); <see cref="ForKeySchema"/> settles it against the table's keys.
/// </summary>
public sealed class KeyConditionExpression
{
    // Public so that a key condition can be carried as its parts between a region's nodes and made again there.
    public KeyConditionExpression(IReadOnlyList<KeyCondition> conditions, KeyCondition partition, KeyCondition? sort)
    {
        Conditions = conditions;
        PartitionKey = partition;
        SortKey = sort;
    }

    /// <summary>The one or two conditions, in expression order.</summary>
    public IReadOnlyList<KeyCondition> Conditions { get; }

    public KeyCondition PartitionKey { get; }
    public KeyCondition? SortKey { get; }

    public string PartitionKeyName => PartitionKey.AttributeName;
    public AttributeValue PartitionKeyValue => PartitionKey.Value;
    public string? SortKeyName => SortKey?.AttributeName;
    public KeyConditionOperator? SortKeyOperator => SortKey?.Operator;
    public AttributeValue? SortKeyValue => SortKey?.Value;

    /// <summary>The upper bound of a BETWEEN on the sort key.</summary>
    public AttributeValue? SortKeyUpperValue => SortKey?.UpperValue;

    /// <summary>True when there is no sort-key condition or the value satisfies it.</summary>
    public bool MatchesSortKey(AttributeValue sortKeyValue) => SortKey is null || SortKey.Matches(sortKeyValue);

    /// <summary>
    /// Assigns the conditions to the table's (or index's) keys, with DynamoDB's messages when they do not
    /// fit: every condition must be on a key, the partition key must be present, and compared with "=".
    /// </summary>
    public KeyConditionExpression ForKeySchema(string partitionKeyName, string? sortKeyName)
    {
        KeyCondition? partition = null, sort = null;
        foreach (var condition in Conditions)
        {
            if (condition.AttributeName == partitionKeyName) partition = condition;
            else if (sortKeyName is not null && condition.AttributeName == sortKeyName) sort = condition;
            else throw DynamoException.Validation($"Query condition missed key schema element: {sortKeyName ?? condition.AttributeName}");
        }
        if (partition is null) throw DynamoException.Validation($"Query condition missed key schema element: {partitionKeyName}");
        if (partition.Operator != KeyConditionOperator.Equal) throw DynamoException.Validation("Query key condition not supported");
        return new KeyConditionExpression(Conditions, partition, sort);
    }
}
