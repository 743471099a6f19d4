namespace GlobalTables.Model.Auth;

/// <summary>The values of policy variables for one request: the principal's attributes and the request's single-valued keys.</summary>
public interface IPolicyVariables
{
    /// <summary>The variable's value, or null when it has none.</summary>
    string? Variable(string name);
}
