using Akka.Actor;
using Akka.Persistence.Journal;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Replication;
using GlobalTables.Region.Transactions;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// The partition's side of the cross-partition commit (see docs/transactions.md): a prepared
/// transaction is persisted and locks its keys before the vote; Commit persists its changes and a
/// TransactionCommitted marker in one atomic write; Abort persists TransactionAborted. Replay
/// rebuilds the locks of transactions still waiting for the coordinator's decision.
/// </summary>
public sealed partial class PartitionEntity
{
    readonly PartitionTransactions _transactions = new();

    static readonly DynamoException LockedItem = new(ErrorCode.TransactionConflict, "Transaction is ongoing for the item");

    void ReceiveTransactions()
    {
        Recover<TransactionPrepared>(_transactions.Apply);
        // A commit's changes replay as the ItemChanged events persisted with it; only the locks go here.
        Recover<TransactionCommitted>(c => _transactions.Release(c.TransactionId));
        Recover<TransactionAborted>(a => _transactions.Release(a.TransactionId));

        Command<PrepareTransaction>(Prepare);
        Command<ApplyDecision>(ApplyDecision);
        Command<ReadForTransaction>(r =>
        {
            var sender = Sender;
            DeferAsync(r, _ => sender.Tell(new TransactionalRead(r.Keys
                .Select(k => (_state.Get(k), _state.Find(k)?.Version, _transactions.IsLocked(k))).ToList())));
        });
    }

    /// <summary>A single-item write on a key a transaction holds fails, as in DynamoDB.</summary>
    bool RefuseLocked(WriteItem w)
    {
        if (!_transactions.IsLocked(w.Request.Key)) return false;
        Sender.Tell(WriteDecision.Failed(LockedItem));
        return true;
    }

    void Prepare(PrepareTransaction p)
    {
        var sender = Sender;
        if (_transactions.Holds(p.TransactionId))
        {
            DeferAsync(p, _ => sender.Tell(new PrepareVote(p.TransactionId, PersistenceId, [])));
            return;
        }
        var (prepared, failures) = _transactions.Prepare(_state, p.TransactionId, p.Actions);
        if (prepared is null)
        {
            DeferAsync(p, _ => sender.Tell(new PrepareVote(p.TransactionId, PersistenceId, failures)));
            return;
        }
        _transactions.Apply(prepared);
        _sequence++;
        PersistAsync(prepared, _ => sender.Tell(new PrepareVote(p.TransactionId, PersistenceId, [])));
    }

    void ApplyDecision(ApplyDecision d)
    {
        var sender = Sender;
        var applied = new DecisionApplied(d.TransactionId, PersistenceId);
        if (!_transactions.Holds(d.TransactionId))
        {
            DeferAsync(applied, a => sender.Tell(a));
            return;
        }
        var changes = _transactions.Release(d.TransactionId);
        if (!d.Commit)
        {
            _sequence++;
            PersistAsync(new TransactionAborted(d.TransactionId), _ => sender.Tell(applied));
            return;
        }
        foreach (var change in changes) _state.Apply(change, ++_sequence);
        _sequence++; // TransactionCommitted
        var events = changes.Select(c => (object)new Tagged(c, _tags)).Append(new TransactionCommitted(d.TransactionId)).ToList();
        PersistAllAsync(events, e =>
        {
            if (e is not TransactionCommitted) return;
            sender.Tell(applied);
            foreach (var change in changes) _hub.Tell(new LocalWrite(change, _tag));
        });
    }
}
