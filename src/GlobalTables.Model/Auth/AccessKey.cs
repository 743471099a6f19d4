namespace GlobalTables.Model.Auth;

/// <summary>A long-term access key of a principal.</summary>
public sealed record AccessKey(string AccessKeyId, string SecretAccessKey);
