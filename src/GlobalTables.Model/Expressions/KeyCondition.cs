using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Expressions;

/// <summary>The operators a KeyConditionExpression allows on one key attribute.</summary>
public enum KeyConditionOperator
{
    Equal,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    Between,
    BeginsWith,
}

/// <summary>One condition of a KeyConditionExpression, always written as "key operator value(s)".</summary>
public sealed class KeyCondition
{
    // Public so that a key condition can be carried as its parts between a region's nodes and made again there.
    public KeyCondition(string attributeName, KeyConditionOperator op, AttributeValue value, AttributeValue? upperValue)
    {
        AttributeName = attributeName;
        Operator = op;
        Value = value;
        UpperValue = upperValue;
    }

    public string AttributeName { get; }
    public KeyConditionOperator Operator { get; }

    /// <summary>The compared value; for BETWEEN, the lower bound.</summary>
    public AttributeValue Value { get; }

    /// <summary>For BETWEEN, the upper bound; otherwise null.</summary>
    public AttributeValue? UpperValue { get; }

    /// <summary>DynamoDB's semantics: a value of another type never matches.</summary>
    public bool Matches(AttributeValue keyValue)
    {
        ArgumentNullException.ThrowIfNull(keyValue);
        switch (Operator)
        {
            case KeyConditionOperator.Equal: return AttributeComparison.AreEqual(keyValue, Value);
            case KeyConditionOperator.BeginsWith: return AttributeComparison.BeginsWith(keyValue, Value);
            case KeyConditionOperator.Between:
                return AttributeComparison.Compare(keyValue, Value) >= 0 && AttributeComparison.Compare(keyValue, UpperValue) <= 0;
        }
        if (AttributeComparison.Compare(keyValue, Value) is not { } order) return false;
        return Operator switch
        {
            KeyConditionOperator.LessThan => order < 0,
            KeyConditionOperator.LessThanOrEqual => order <= 0,
            KeyConditionOperator.GreaterThan => order > 0,
            _ => order >= 0,
        };
    }
}
