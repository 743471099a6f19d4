namespace GlobalTables.Model.Auth;

/// <summary>IAM's evaluation of identity-based policies: an explicit Deny wins, then any Allow, else the implicit deny.</summary>
public static class PolicyEvaluator
{
    public static AuthorizationDecision Evaluate(IReadOnlyList<PolicyDocument> policies, AuthorizationRequest request)
    {
        bool allowed = false;
        foreach (var policy in policies)
            foreach (var statement in policy.Statements)
            {
                if (!statement.Applies(request)) continue;
                if (statement.Effect == PolicyEffect.Deny) return AuthorizationDecision.ExplicitDeny;
                allowed = true;
            }
        return allowed ? AuthorizationDecision.Allow : AuthorizationDecision.ImplicitDeny;
    }
}
