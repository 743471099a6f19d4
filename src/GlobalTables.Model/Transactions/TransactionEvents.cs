using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Transactions;

/// <summary>Marks the events of the cross-partition commit; all are bound to a string-manifest serializer.</summary>
public interface ITransactionEvent;

/// <summary>
/// A partition voted yes: it locked these keys and holds these changes (decided, not applied) until
/// the coordinator says commit or abort. Persisted before the vote is sent.
/// </summary>
public sealed record TransactionPrepared(string TransactionId, IReadOnlyList<ItemKey> Keys, IReadOnlyList<ItemChanged> Changes) : ITransactionEvent;

/// <summary>A partition applied a prepared transaction's changes (persisted in the same atomic write as them) and released its locks.</summary>
public sealed record TransactionCommitted(string TransactionId) : ITransactionEvent;

/// <summary>A partition dropped a prepared transaction and released its locks.</summary>
public sealed record TransactionAborted(string TransactionId) : ITransactionEvent;

/// <summary>The coordinator took a transaction: its id, its idempotency token and request hash, and the partitions it involves. Persisted before any prepare is sent.</summary>
public sealed record TransactionStarted(string TransactionId, string? Token, string RequestHash, IReadOnlyList<string> Participants, DateTimeOffset At) : ITransactionEvent;

/// <summary>The coordinator's decision. Once Commit is persisted the transaction will commit, whatever crashes.</summary>
public sealed record TransactionDecided(string TransactionId, bool Commit) : ITransactionEvent;

/// <summary>Every participant acknowledged the decision; a committed transaction's token is now idempotent.</summary>
public sealed record TransactionFinished(string TransactionId, bool Committed, DateTimeOffset At) : ITransactionEvent;
