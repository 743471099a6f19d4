using GlobalTables.Model.Attributes;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Expressions;

/// <summary>DynamoDB's messages for errors found while applying an update to an item (not prefixed).</summary>
internal static class UpdateErrors
{
    public static DynamoException MissingAttribute() =>
        DynamoException.Validation("The provided expression refers to an attribute that does not exist in the item");

    public static DynamoException IncorrectOperandType() =>
        DynamoException.Validation("An operand in the update expression has an incorrect data type");

    public static DynamoException InvalidPath() =>
        DynamoException.Validation("The document path provided in the update expression is invalid for update");

    /// <summary>Checks an arithmetic result against DynamoDB's number range and precision.</summary>
    public static AttributeValue CheckedNumber(DynamoNumber number)
    {
        var error = number.RangeError();
        if (error is not null) throw DynamoException.Validation(error);
        return AttributeValue.FromN(number);
    }
}
