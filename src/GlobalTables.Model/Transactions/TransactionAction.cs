using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Transactions;

/// <summary>One action of a TransactWriteItems request: its place in the request, the partition that owns its item, and the write.</summary>
public sealed record TransactionAction(int Index, string EntityId, WriteRequest Request);
