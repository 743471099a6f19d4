using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Errors;

/// <summary>The one place an <see cref="ErrorCode"/> becomes DynamoDB's wire <c>__type</c> and HTTP status.</summary>
public static class DynamoErrors
{
    const string Dynamo = "com.amazonaws.dynamodb.v20120810#";
    const string Coral = "com.amazon.coral.service#";

    public static string TypeOf(ErrorCode code) => code switch
    {
        ErrorCode.Validation => "com.amazon.coral.validate#ValidationException",
        ErrorCode.Serialization => Coral + "SerializationException",
        ErrorCode.UnknownOperation => Coral + "UnknownOperationException",
        ErrorCode.MissingAuthenticationToken => Coral + "MissingAuthenticationTokenException",
        ErrorCode.UnrecognizedClient => Coral + "UnrecognizedClientException",
        ErrorCode.InvalidSignature => Coral + "InvalidSignatureException",
        ErrorCode.IncompleteSignature => Coral + "IncompleteSignatureException",
        ErrorCode.AccessDenied => Coral + "AccessDeniedException",
        ErrorCode.ExpiredToken => Coral + "ExpiredTokenException",
        ErrorCode.ServiceUnavailable => Coral + "ServiceUnavailableException",
        ErrorCode.ThrottlingException => Coral + "ThrottlingException",
        ErrorCode.InternalServerError => Dynamo + "InternalServerError",
        _ => Dynamo + code + "Exception",
    };

    public static int StatusOf(ErrorCode code) => code switch
    {
        ErrorCode.InternalServerError => 500,
        ErrorCode.ServiceUnavailable => 503,
        ErrorCode.UnknownOperation => 400,
        _ => 400,
    };

    /// <summary>DynamoDB writes "Message" for coral service errors and "message" for the rest.</summary>
    public static string MessageField(ErrorCode code) =>
        code is ErrorCode.Serialization or ErrorCode.UnknownOperation or ErrorCode.MissingAuthenticationToken
            or ErrorCode.UnrecognizedClient or ErrorCode.InvalidSignature or ErrorCode.IncompleteSignature
            or ErrorCode.AccessDenied or ErrorCode.ExpiredToken
            ? "Message" : "message";
}
