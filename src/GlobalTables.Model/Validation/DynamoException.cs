using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Validation;

/// <summary>A typed DynamoDB error. The message is DynamoDB's own text.</summary>
public class DynamoException(ErrorCode code, string message) : Exception(message)
{
    public ErrorCode Code { get; } = code;

    /// <summary>The item, when ReturnValuesOnConditionCheckFailure asked for it.</summary>
    public IReadOnlyDictionary<string, AttributeValue>? Item { get; init; }

    public static DynamoException Validation(string message) => new(ErrorCode.Validation, message);
    public static DynamoException Serialization(string message) => new(ErrorCode.Serialization, message);
    public static DynamoException ResourceNotFound(string message = "Requested resource not found") => new(ErrorCode.ResourceNotFound, message);
    public static DynamoException ResourceInUse(string message) => new(ErrorCode.ResourceInUse, message);
    /// <summary>DynamoDB's 500: the request may or may not have taken effect.</summary>
    public static DynamoException InternalServerError() => new(ErrorCode.InternalServerError, "Internal server error");
    public static DynamoException ItemCollectionSizeLimitExceeded() => new(ErrorCode.ItemCollectionSizeLimitExceeded, "Collection size exceeded.");
    public static DynamoException ConditionalCheckFailed(IReadOnlyDictionary<string, AttributeValue>? item = null) =>
        new(ErrorCode.ConditionalCheckFailed, "The conditional request failed") { Item = item };
}
