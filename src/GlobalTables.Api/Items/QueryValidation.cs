using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Items;

/// <summary>Checks of a key condition against the table's key types, with DynamoDB's messages.</summary>
public static class QueryValidation
{
    public static void CheckKeyCondition(KeyConditionExpression keyCondition, KeySchema schema)
    {
        CheckType(keyCondition.PartitionKeyValue, schema.PartitionKey.Type);
        if (keyCondition.SortKey is not { } sort || schema.SortKey is null) return;
        CheckType(sort.Value, schema.SortKey.Type);
        if (sort.UpperValue is { } upper)
        {
            CheckType(upper, schema.SortKey.Type);
            if (AttributeValue.CompareScalars(sort.Value, upper) > 0)
                throw DynamoException.Validation(
                    $"Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {{{sort.Value.Type}:{Text(sort.Value)}}}, upper bound operand: AttributeValue: {{{upper.Type}:{Text(upper)}}}");
        }
        if (sort.Operator == KeyConditionOperator.BeginsWith && schema.SortKey.Type == AttributeType.N)
            throw DynamoException.Validation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    }

    static void CheckType(AttributeValue value, AttributeType expected)
    {
        if (value.Type != expected)
            throw DynamoException.Validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
    }

    static string Text(AttributeValue v) => v.Type switch
    {
        AttributeType.S => v.S,
        AttributeType.N => v.N.ToString(),
        _ => Convert.ToBase64String(v.B),
    };
}
