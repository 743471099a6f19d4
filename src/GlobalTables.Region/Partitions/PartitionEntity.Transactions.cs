using Akka.Actor;
using Akka.Persistence.Journal;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Persistence;
using GlobalTables.Region.Replication;
using GlobalTables.Region.Transactions;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// The partition's side of the cross-partition commit (see docs/transactions.md): a prepared
/// transaction is persisted, and locks its keys once the journal has it, before the vote; Commit persists its
/// changes and a TransactionCommitted marker in one atomic write; Abort persists TransactionAborted. Replay
/// rebuilds the locks of transactions still waiting for the coordinator's decision.
/// </summary>
public sealed partial class PartitionEntity
{
    readonly PartitionTransactions _transactions = new();

    /// <summary>
    /// The keys of each prepare not yet in the journal (queued, or persisting). A decision for it queues behind it
    /// on those keys: an abort that overtook its prepare would otherwise leave the prepare's locks for good.
    /// </summary>
    readonly Dictionary<string, IReadOnlyCollection<ItemKey>> _preparing = new(StringComparer.Ordinal);

    /// <summary>A single-item write on a key a transaction holds fails, as in DynamoDB.</summary>
    static readonly DynamoException LockedItem = new(ErrorCode.TransactionConflict, "Transaction is ongoing for the item");

    void ReceiveTransactions()
    {
        Recover<TransactionPrepared>(Held);
        // A commit's changes replay as the ItemChanged events persisted with it; only the locks go here.
        Recover<TransactionCommitted>(c => _transactions.Release(c.TransactionId));
        Recover<TransactionAborted>(a => Dropped(a.TransactionId));

        Command<PrepareTransaction>(p =>
        {
            var keys = p.Actions.Select(a => a.Request.Key).ToList();
            _preparing[p.TransactionId] = keys;
            Admit(keys, p);
        });
        // A decision waits on its transaction's keys behind whatever came before it there: its prepare, or its own
        // commit in flight when the coordinator sent it again.
        Command<ApplyDecision>(d => Admit(_transactions.Find(d.TransactionId)?.Keys ?? _preparing.GetValueOrDefault(d.TransactionId) ?? [], d));
        Command<ReadForTransaction>(r => Sender.Tell(new TransactionalRead(r.Keys
            .Select(k => (_state.Get(k), _state.Find(k)?.Version, _transactions.IsLocked(k))).ToList())));
    }

    /// <summary>A prepared transaction locks its keys, and its changes count in their item collections until applied.</summary>
    void Held(TransactionPrepared prepared)
    {
        _transactions.Apply(prepared);
        _state.Hold(prepared.Changes);
    }

    /// <summary>An aborted transaction lets go of its keys and of the room its changes held.</summary>
    void Dropped(string transactionId)
    {
        if (_transactions.Find(transactionId) is { } prepared) _state.Unhold(prepared.Keys);
        _transactions.Release(transactionId);
    }

    void RunTransactionCommand(object command, IActorRef sender)
    {
        switch (command)
        {
            case PrepareTransaction p: Prepare(p, sender); break;
            case ApplyDecision d: ApplyDecision(d, sender); break;
            default: throw new ArgumentException($"Not a partition command: {command.GetType().Name}", nameof(command));
        }
    }

    void RefuseTransactionCommand(object command, IActorRef sender)
    {
        // A decision not acknowledged is sent again by the coordinator; a prepare answered so aborts the transaction.
        if (command is PrepareTransaction p) sender.Tell(new PrepareVote(p.TransactionId, PersistenceId, [], DynamoException.InternalServerError()));
    }

    void Prepare(PrepareTransaction p, IActorRef sender)
    {
        if (_transactions.Holds(p.TransactionId))
        {
            _preparing.Remove(p.TransactionId);
            sender.Tell(new PrepareVote(p.TransactionId, PersistenceId, []));
            return;
        }
        var (prepared, failures, decisions) = _transactions.Prepare(_state, p.TransactionId, p.Actions);
        if (prepared is null)
        {
            _preparing.Remove(p.TransactionId);
            sender.Tell(new PrepareVote(p.TransactionId, PersistenceId, failures));
            return;
        }
        // Counted in their item collections from the decision on, like a single write's.
        _state.Hold(prepared.Changes);
        PersistHeld([prepared], prepared.Keys,
            onEach: (_, _) =>
            {
                _preparing.Remove(p.TransactionId);
                _transactions.Apply(prepared);
            },
            onPersisted: () => sender.Tell(new PrepareVote(p.TransactionId, PersistenceId, [], Decisions: decisions)),
            onRefused: () =>
            {
                _preparing.Remove(p.TransactionId);
                _state.Unhold(prepared.Keys);
                RefuseTransactionCommand(p, sender);
            });
    }

    void ApplyDecision(ApplyDecision d, IActorRef sender)
    {
        var applied = new DecisionApplied(d.TransactionId, PersistenceId);
        if (_transactions.Find(d.TransactionId) is not { } prepared)
        {
            sender.Tell(applied);
            return;
        }
        // Refused: the transaction stays held, and the coordinator's next resend tries again.
        if (!d.Commit)
        {
            PersistHeld([new TransactionAborted(d.TransactionId)], prepared.Keys,
                onEach: (_, _) => Dropped(d.TransactionId),
                onPersisted: () => sender.Tell(applied),
                onRefused: () => { });
            return;
        }
        // Decided at prepare; linked now, as the journal retention stands when they are persisted.
        var events = prepared.Changes.Select(c => (object)new Tagged(_state.Linked(c, _state.Find(c.Key)), _tags))
            .Append(new TransactionCommitted(d.TransactionId)).ToList();
        var written = new List<LocalWrite>(prepared.Changes.Count);
        PersistHeld(events, prepared.Keys,
            onEach: (e, sequence) =>
            {
                if (e is Tagged { Payload: ItemChanged change })
                {
                    Apply(change, sequence);
                    written.Add(new LocalWrite(change, _tag, _partition, sequence));
                }
                else _transactions.Release(d.TransactionId);
            },
            onPersisted: () =>
            {
                sender.Tell(applied);
                foreach (var write in written) _hub.Tell(write);
            },
            onRefused: () => { });
    }
}
