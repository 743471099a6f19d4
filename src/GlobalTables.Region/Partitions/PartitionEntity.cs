using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// One table partition, event-sourced. Thin over <see cref="PartitionState"/>: decide, apply,
/// persist, reply. Writes are applied before their persist completes, so the next command decides
/// on them, and replies wait for the journal; reads are deferred behind pending writes.
/// </summary>
public sealed partial class PartitionEntity : ReceivePersistentActor
{
    readonly PartitionState _state;
    readonly ILoggingAdapter _log = Context.GetLogger();

    public override string PersistenceId { get; }

    readonly IActorRef _hub;
    readonly TimeProvider _time;
    readonly string _tag;
    readonly ImmutableHashSet<string> _tags;

    public static Props Props(string entityId, string region, TimeProvider time, IActorRef hub) =>
        Akka.Actor.Props.Create(() => new PartitionEntity(entityId, region, time, hub));

    public PartitionEntity(string entityId, string region, TimeProvider time, IActorRef hub)
    {
        PersistenceId = entityId;
        _hub = hub;
        _time = time;
        var table = entityId[..entityId.IndexOf('@')];
        // Local changes carry the table's tag, which the replication links read; replicated ones do not.
        _tag = entityId[..entityId.IndexOf('/')];
        _tags = [_tag];
        _state = new PartitionState(table, region, new HybridLogicalClock(time));

        // During replay LastSequenceNr is the replayed event's own, which the item's next change points back to.
        Recover<ItemChanged>(c => _state.Apply(c, LastSequenceNr));
        Recover<RecoveryCompleted>(_ => _sequence = LastSequenceNr);
        Recover<LostUpdate>(_state.Record);
        Command<ApplyReplicated>(HandleReplicated);
        Command<GetLostUpdates>(_ => Sender.Tell(new LostUpdatesRead(_state.LostUpdates.ToList())));
        Command<DumpItems>(d =>
        {
            var sender = Sender;
            DeferAsync(d, _ => sender.Tell(new ItemsDumped(_state.Entries.ToList())));
        });

        ReceiveTransactions();
        Command<WriteItem>(HandleWrite);
        Command<ReadItem>(r =>
        {
            var sender = Sender;
            DeferAsync(r, _ => sender.Tell(new ItemRead(_state.Get(r.Key))));
        });
        Command<ReadPage>(r =>
        {
            var sender = Sender;
            DeferAsync(r, _ => sender.Tell(PartitionQuery.Read(_state, r.Request)));
        });
        Command<GetPartitionStats>(_ => Sender.Tell(new PartitionStats(_state.ItemCount, _state.SizeBytes)));
        Command<DropPartition>(_ =>
        {
            var sender = Sender;
            DeleteMessages(long.MaxValue);
            Become(() =>
            {
                Command<DeleteMessagesSuccess>(_ => Finish(sender));
                Command<DeleteMessagesFailure>(f =>
                {
                    _log.Warning(f.Cause, "Could not delete the journal of {0}", PersistenceId);
                    Finish(sender);
                });
                CommandAny(_ => { });
            });
        });
    }

    void Finish(IActorRef requester)
    {
        requester.Tell(new PartitionDropped(PersistenceId));
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    void HandleWrite(WriteItem w)
    {
        if (RefuseLocked(w)) return;
        var decision = _state.Decide(w.Request);
        var sender = Sender;
        if (decision.Change is null)
        {
            // Nothing to persist; still answer after the writes before it.
            DeferAsync(decision, d => sender.Tell(d));
            return;
        }
        var change = decision.Change;
        _state.Apply(change, ++_sequence);
        PersistAsync(new Tagged(change, _tags), _ =>
        {
            sender.Tell(decision);
            _hub.Tell(new LocalWrite(change, _tag));
        });
    }

    void HandleReplicated(ApplyReplicated a)
    {
        // A transaction holds the item between prepare and commit; the commit would overwrite a change
        // applied now without the LWW merge. Refuse it: the link retries, and the commit will have landed.
        if (a.Changes.Any(c => _transactions.IsLocked(c.Key)))
        {
            Sender.Tell(new Status.Failure(new InvalidOperationException("An item is locked by a transaction")));
            return;
        }
        var now = _time.GetUtcNow();
        var outcomes = new List<ApplyOutcome>(a.Changes.Count);
        var events = new List<object>();
        // PersistAllAsync below numbers the events in order.
        long sequence = _sequence;
        foreach (var change in a.Changes)
        {
            // Each change is resolved against the state the ones before it left.
            var resolution = _state.ResolveReplicated(change, now);
            outcomes.Add(resolution.Outcome);
            if (resolution.Change is null) continue;
            _state.Apply(resolution.Change, ++sequence);
            events.Add(resolution.Change);
            if (resolution.Lost is { } lost)
            {
                _state.Record(lost);
                events.Add(new Tagged(lost, LostUpdateTags));
                sequence++;
            }
        }
        _sequence = sequence;
        var sender = Sender;
        var reply = new ReplicatedApplied(outcomes);
        if (events.Count == 0)
        {
            DeferAsync(reply, r => sender.Tell(r));
            return;
        }
        int persisted = 0;
        PersistAllAsync(events, _ =>
        {
            if (++persisted == events.Count) sender.Tell(reply);
        });
    }

    /// <summary>
    /// The sequence number of the last event handed to the journal. Akka numbers events only when it flushes
    /// them, after the handler, so the partition counts every event it persists itself; an item records the
    /// number its event is stored at, which its next change points back to.
    /// </summary>
    long _sequence;

    /// <summary>Lost updates carry one tag across all tables, so a region's conflicts can be tailed.</summary>
    public const string LostUpdateTag = "lost-update";
    static readonly ImmutableHashSet<string> LostUpdateTags = [LostUpdateTag];

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Persist failed in {0} at {1}; the partition restarts from its journal", PersistenceId, sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
