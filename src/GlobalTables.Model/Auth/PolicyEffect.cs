namespace GlobalTables.Model.Auth;

/// <summary>A statement's Effect.</summary>
public enum PolicyEffect
{
    Allow,
    Deny,
}
