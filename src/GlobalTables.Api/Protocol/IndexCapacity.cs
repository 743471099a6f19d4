namespace GlobalTables.Api.Protocol;

/// <summary>The part of a request's capacity that one secondary index consumed, for ReturnConsumedCapacity INDEXES.</summary>
public sealed record IndexCapacity(string Name, bool IsGlobal, double Units);
