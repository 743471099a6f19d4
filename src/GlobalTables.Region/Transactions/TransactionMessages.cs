using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Transactions;

namespace GlobalTables.Region.Transactions;

/// <summary>Runs a TransactWriteItems; replies <see cref="TransactionOutcome"/>.</summary>
public sealed record ExecuteTransaction(string? Token, string RequestHash, IReadOnlyList<TransactionAction> Actions);

/// <summary>The end of a transaction: committed, or the DynamoDB error it ended with.</summary>
/// <param name="Decisions">Once committed, what each write action was decided to be, by its index in the request; none
/// for a request answered from its idempotency token.</param>
public sealed record TransactionOutcome(Model.Validation.DynamoException? Error,
    IReadOnlyList<(int Index, Model.Partitions.WriteDecision Decision)>? Decisions = null);

/// <summary>Coordinator to partition: lock and decide these actions; replies <see cref="PrepareVote"/>.</summary>
public sealed record PrepareTransaction(string TransactionId, IReadOnlyList<TransactionAction> Actions);

/// <param name="Error">Set when the partition could not vote (its journal did not keep the prepare): the transaction
/// aborts, and the client gets this error rather than a cancellation.</param>
/// <param name="Decisions">With a yes, each write action's decision by its index in the request.</param>
public sealed record PrepareVote(string TransactionId, string EntityId, IReadOnlyList<(int Index, CancellationReason Reason)> Failures,
    Model.Validation.DynamoException? Error = null, IReadOnlyList<(int Index, Model.Partitions.WriteDecision Decision)>? Decisions = null)
{
    public bool Yes => Failures.Count == 0 && Error is null;
}

/// <summary>Coordinator to partition: apply (or drop) the prepared transaction; idempotent; replies <see cref="DecisionApplied"/>.</summary>
public sealed record ApplyDecision(string TransactionId, bool Commit);

public sealed record DecisionApplied(string TransactionId, string EntityId);

/// <summary>Reads items for TransactGetItems after the writes before it; replies <see cref="TransactionalRead"/>.</summary>
public sealed record ReadForTransaction(IReadOnlyList<ItemKey> Keys);

/// <summary>Per key: the image, its Version (to compare two collects), and whether a transaction holds it.</summary>
public sealed record TransactionalRead(IReadOnlyList<(IReadOnlyDictionary<string, AttributeValue>? Image, Model.Replication.Version? Version, bool Locked)> Items);
