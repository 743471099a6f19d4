namespace GlobalTables.Model.Capacity;

/// <summary>The capacity units one secondary index consumed in a request, for ReturnConsumedCapacity INDEXES.</summary>
public sealed record IndexCapacity(string Name, bool IsGlobal, double Units);
