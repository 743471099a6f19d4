namespace GlobalTables.Model.Auth;

/// <summary>The outcome of evaluating a principal's policies for one request: an explicit Deny wins over any Allow.</summary>
public enum AuthorizationDecision
{
    /// <summary>No statement allowed the request; IAM denies by default.</summary>
    ImplicitDeny,
    Allow,
    ExplicitDeny,
}
