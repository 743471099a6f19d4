namespace GlobalTables.Api.Auth;

/// <summary>How strictly requests are authenticated.</summary>
public enum AuthMode
{
    /// <summary>
    /// Like DynamoDB Local: an access key that config/iam.json does not know acts as its development
    /// principal. Keys it does know are verified, and their policies apply.
    /// </summary>
    Dev,
    /// <summary>Only the keys of config/iam.json and session credentials vended from it are accepted.</summary>
    Strict,
}
