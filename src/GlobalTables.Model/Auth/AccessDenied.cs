using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Auth;

/// <summary>DynamoDB's AccessDeniedException for a request the policies do not allow, with IAM's message.</summary>
public static class AccessDenied
{
    public static DynamoException For(string principalArn, AuthorizationRequest request, AuthorizationDecision decision) =>
        new(ErrorCode.AccessDenied, Message(principalArn, request.Action, request.Resource, decision));

    public static string Message(string principalArn, string action, string resource, AuthorizationDecision decision) =>
        decision == AuthorizationDecision.ExplicitDeny
            ? $"User: {principalArn} is not authorized to perform: {action} on resource: {resource} with an explicit deny in an identity-based policy"
            : $"User: {principalArn} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action";
}
