namespace GlobalTables.Region.Replication;

/// <summary>
/// A link that has not delivered since a failure: why its last try failed, and when the first of these failures was.
/// Cleared once a pass delivers what the peer lacked.
/// </summary>
public sealed record LinkDown(string Reason, DateTimeOffset Since);
