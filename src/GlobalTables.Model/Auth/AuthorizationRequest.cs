namespace GlobalTables.Model.Auth;

/// <summary>One thing a request does, as IAM sees it: an action (<c>dynamodb:PutItem</c>) on a resource ARN, with its condition keys.</summary>
public sealed record AuthorizationRequest(string Action, string Resource, ConditionContext Context);
