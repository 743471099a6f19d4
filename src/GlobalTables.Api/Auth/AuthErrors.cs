using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Auth;

/// <summary>DynamoDB's authentication errors, with its messages.</summary>
public static class AuthErrors
{
    public const string SignatureMismatch =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public static DynamoException MissingToken() => new(ErrorCode.MissingAuthenticationToken, "Request is missing Authentication Token");

    public static DynamoException UnrecognizedClient() => new(ErrorCode.UnrecognizedClient, "The security token included in the request is invalid.");

    public static DynamoException ExpiredToken() => new(ErrorCode.ExpiredToken, "The security token included in the request is expired");

    public static DynamoException InvalidSignature(string message = SignatureMismatch) => new(ErrorCode.InvalidSignature, message);

    public static DynamoException Incomplete(string message) => new(ErrorCode.IncompleteSignature, message);
}
