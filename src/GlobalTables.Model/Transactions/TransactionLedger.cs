namespace GlobalTables.Model.Transactions;

/// <summary>
/// The coordinator's durable memory: transactions started but not finished (with their decision,
/// once made), and the ClientRequestTokens of committed transactions for the idempotency window.
/// Rebuilt from the coordinator's events on recovery.
/// </summary>
public sealed class TransactionLedger
{
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromMinutes(10);

    public sealed record Open(TransactionStarted Started, bool? Commit);

    public sealed record CompletedToken(string RequestHash, DateTimeOffset At);

    readonly Dictionary<string, Open> _open = new(StringComparer.Ordinal);
    readonly Dictionary<string, CompletedToken> _tokens = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Open> Unfinished => _open.Values;

    public Open? Find(string transactionId) => _open.GetValueOrDefault(transactionId);

    public enum TokenState { New, Completed, Mismatch, InProgress }

    /// <summary>What a request with this token and hash is: new, a repeat of a committed one, a mismatch, or still running.</summary>
    public TokenState Check(string? token, string requestHash, DateTimeOffset now)
    {
        if (token is null) return TokenState.New;
        if (_tokens.TryGetValue(token, out var done) && now - done.At < IdempotencyWindow)
            return done.RequestHash == requestHash ? TokenState.Completed : TokenState.Mismatch;
        foreach (var open in _open.Values)
            if (open.Started.Token == token)
                return open.Started.RequestHash == requestHash ? TokenState.InProgress : TokenState.Mismatch;
        return TokenState.New;
    }

    public void Apply(ITransactionEvent e)
    {
        switch (e)
        {
            case TransactionStarted s:
                _open[s.TransactionId] = new Open(s, null);
                break;
            case TransactionDecided d when _open.TryGetValue(d.TransactionId, out var open):
                _open[d.TransactionId] = open with { Commit = d.Commit };
                break;
            case TransactionFinished f when _open.Remove(f.TransactionId, out var finished):
                if (f.Committed && finished.Started.Token is { } token) _tokens[token] = new CompletedToken(finished.Started.RequestHash, f.At);
                break;
        }
    }

    /// <summary>What the ledger holds, for a snapshot of the coordinator.</summary>
    public TransactionLedgerSnapshot Snapshot() => new(_open.Values.ToList(), new Dictionary<string, CompletedToken>(_tokens, StringComparer.Ordinal));

    /// <summary>Loads a snapshot into an empty ledger; the events after it are applied as usual.</summary>
    public void Restore(TransactionLedgerSnapshot snapshot)
    {
        if (_open.Count > 0 || _tokens.Count > 0) throw new InvalidOperationException("A snapshot is loaded into an empty ledger only");
        foreach (var open in snapshot.Open) _open[open.Started.TransactionId] = open;
        foreach (var (token, done) in snapshot.Tokens) _tokens[token] = done;
    }

    /// <summary>Forgets tokens older than the idempotency window.</summary>
    public void Expire(DateTimeOffset now)
    {
        foreach (var (token, done) in _tokens.ToList())
            if (now - done.At >= IdempotencyWindow) _tokens.Remove(token);
    }
}
