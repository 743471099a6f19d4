namespace GlobalTables.Model.Transactions;

/// <summary>
/// The transaction coordinator's whole ledger at one journal sequence number: the transactions not finished (with
/// their decision, once made) and the tokens of committed ones still in the idempotency window. With it saved, the
/// coordinator's journal below it is deleted.
/// </summary>
public sealed record TransactionLedgerSnapshot(
    IReadOnlyList<TransactionLedger.Open> Open,
    IReadOnlyDictionary<string, TransactionLedger.CompletedToken> Tokens);
