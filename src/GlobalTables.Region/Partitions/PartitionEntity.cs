using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// One table partition, event-sourced. Thin over <see cref="PartitionState"/>: decide, apply,
/// persist, reply. Writes are applied before their persist completes, so the next command decides
/// on them, and replies wait for the journal; reads are deferred behind pending writes.
/// </summary>
public sealed class PartitionEntity : ReceivePersistentActor
{
    readonly PartitionState _state;
    readonly ILoggingAdapter _log = Context.GetLogger();

    public override string PersistenceId { get; }

    public static Props Props(string entityId, string region, TimeProvider time) =>
        Akka.Actor.Props.Create(() => new PartitionEntity(entityId, region, time));

    public PartitionEntity(string entityId, string region, TimeProvider time)
    {
        PersistenceId = entityId;
        var table = entityId[..entityId.IndexOf('@')];
        _state = new PartitionState(table, region, new HybridLogicalClock(time));

        Recover<ItemChanged>(_state.Apply);

        Command<WriteItem>(HandleWrite);
        Command<ReadItem>(r =>
        {
            var sender = Sender;
            DeferAsync(r, _ => sender.Tell(new ItemRead(_state.Get(r.Key))));
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
        var decision = _state.Decide(w.Request);
        var sender = Sender;
        if (decision.Change is null)
        {
            // Nothing to persist; still answer after the writes before it.
            DeferAsync(decision, d => sender.Tell(d));
            return;
        }
        _state.Apply(decision.Change);
        PersistAsync(decision.Change, _ => sender.Tell(decision));
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Persist failed in {0} at {1}; the partition restarts from its journal", PersistenceId, sequenceNr);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
