using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Transactions;

/// <summary>
/// A partition's side of the two-phase commit: the prepared transactions it holds and the keys they
/// lock. A locked key refuses other writes and other transactions until its transaction commits or
/// aborts. Prepare decides without changing anything; Apply, Commit and Abort change state.
/// </summary>
public sealed class PartitionTransactions
{
    readonly Dictionary<string, TransactionPrepared> _prepared = new(StringComparer.Ordinal);
    readonly Dictionary<ItemKey, string> _locks = new();

    public bool IsLocked(ItemKey key) => _locks.ContainsKey(key);

    public bool Holds(string transactionId) => _prepared.ContainsKey(transactionId);

    public IReadOnlyCollection<string> Prepared => _prepared.Keys;

    /// <summary>Every transaction held, for a snapshot.</summary>
    public IReadOnlyList<TransactionPrepared> Held => _prepared.Values.ToList();

    /// <summary>The prepared transaction, while it is held.</summary>
    public TransactionPrepared? Find(string transactionId) => _prepared.GetValueOrDefault(transactionId);

    /// <summary>
    /// The vote: a TransactionPrepared to persist with each write's decision by action index, or the reasons, by action
    /// index, why not. The writes to one item collection are measured together, since they will be applied together.
    /// </summary>
    public (TransactionPrepared? Prepared, IReadOnlyList<(int Index, CancellationReason Reason)> Failures, IReadOnlyList<(int Index, WriteDecision Decision)> Decisions) Prepare(
        PartitionState state, string transactionId, IReadOnlyList<TransactionAction> actions)
    {
        var failures = new List<(int, CancellationReason)>();
        var changes = new List<ItemChanged>();
        var decisions = new List<(int, WriteDecision)>();
        var alongside = new Dictionary<Attributes.AttributeValue, long>();
        foreach (var action in actions)
        {
            var request = action.Request;
            if (_locks.TryGetValue(request.Key, out var holder) && holder != transactionId)
            {
                failures.Add((action.Index, CancellationReason.Conflict));
                continue;
            }
            if (request is CheckRequest check)
            {
                var image = state.Get(check.Key);
                if (!check.Condition!.Evaluate(image))
                    failures.Add((action.Index, CancellationReason.ConditionalCheckFailed(check.ReturnItemOnConditionFailure ? image : null)));
                continue;
            }
            var partitionKey = request.Key.PartitionKey;
            var decision = state.Decide(request, alongside.GetValueOrDefault(partitionKey));
            if (decision.Error is { } error)
            {
                failures.Add((action.Index, error.Code switch
                {
                    ErrorCode.ConditionalCheckFailed => CancellationReason.ConditionalCheckFailed(error.Item),
                    ErrorCode.ItemCollectionSizeLimitExceeded => CancellationReason.ItemCollectionSizeLimitExceeded,
                    _ => new CancellationReason("ValidationError", error.Message),
                }));
                continue;
            }
            if (decision.Collection is { } collection) alongside[partitionKey] = collection.SizeBytes - state.ItemCollectionSizeOf(partitionKey);
            decisions.Add((action.Index, decision));
            if (decision.Change is not null) changes.Add(decision.Change);
        }
        if (failures.Count > 0) return (null, failures, []);
        return (new TransactionPrepared(transactionId, actions.Select(a => a.Request.Key).ToList(), changes), [], decisions);
    }

    /// <summary>Takes the locks of a prepared transaction (live, or replayed from the journal).</summary>
    public void Apply(TransactionPrepared prepared)
    {
        _prepared[prepared.TransactionId] = prepared;
        foreach (var key in prepared.Keys) _locks[key] = prepared.TransactionId;
    }

    /// <summary>Releases a transaction and returns the changes to apply; empty when it is not held (already done).</summary>
    public IReadOnlyList<ItemChanged> Release(string transactionId)
    {
        if (!_prepared.Remove(transactionId, out var prepared)) return [];
        foreach (var key in prepared.Keys)
            if (_locks.TryGetValue(key, out var holder) && holder == transactionId) _locks.Remove(key);
        return prepared.Changes;
    }
}
