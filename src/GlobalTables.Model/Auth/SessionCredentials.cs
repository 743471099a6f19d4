namespace GlobalTables.Model.Auth;

/// <summary>Temporary credentials: an access key, its secret, the session token that carries them, and when they expire.</summary>
public sealed record SessionCredentials(string PrincipalName, string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);
