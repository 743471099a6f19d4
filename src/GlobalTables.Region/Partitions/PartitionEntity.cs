using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Validation;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Persistence;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// One table partition, event-sourced. Thin over <see cref="PartitionState"/>: decide, persist, apply, reply.
/// A write becomes visible only once the journal has confirmed it (docs/durability.md): state holds confirmed
/// events only, so reads answer from it at once, and a command on an item whose event is still in the
/// journal's hands waits for it (<see cref="ItemWriteQueue{TCommand}"/>). A refused write changes nothing; a
/// failed one stops the partition, which its backoff supervisor starts again from the journal.
/// </summary>
public sealed partial class PartitionEntity : ReceivePersistentActor, IWithTimers
{
    readonly PartitionState _state;
    readonly ILoggingAdapter _log = Context.GetLogger();

    public override string PersistenceId { get; }

    readonly IActorRef _hub;
    readonly TimeProvider _time;
    readonly string _tag;
    /// <summary>This partition's number in its table, which replication keys its journal position by.</summary>
    readonly int _partition;
    readonly ImmutableHashSet<string> _tags;

    /// <summary>A command and who asked, while it waits for its items.</summary>
    sealed record Queued(object Command, IActorRef Sender);

    readonly ItemWriteQueue<Queued> _queue = new();

    /// <summary>An atomic write in the journal's hands: its items, its last sequence number, and whom to tell if it is refused.</summary>
    sealed record HeldWrite(IReadOnlyCollection<ItemKey> Keys, long LastSequence, Action OnRefused);

    /// <summary>Every sequence number handed to the journal and not yet answered, to the write it belongs to.</summary>
    readonly Dictionary<long, HeldWrite> _held = [];

    readonly PartitionSettings _settings;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>This node's <see cref="PartitionReceptionist"/>, which lists the partition while it runs.</summary>
    readonly IActorRef _receptionist;

    // Listed from the start: what is asked directly during recovery waits in the stash, as it would through sharding.
    protected override void PreStart() => _receptionist.Tell(new PartitionReceptionist.Register(PersistenceId, Self));

    /// <param name="tables">This node's directory: a partition keeps snapshots for its table's point-in-time recovery, and reads its time to live.</param>
    public static Props Props(string entityId, string region, TimeProvider time, IActorRef hub, PartitionSettings settings, Catalog.TableDirectory tables,
        Backups.BackupSettings backups, IActorRef receptionist) =>
        Akka.Actor.Props.Create(() => new PartitionEntity(entityId, region, time, hub, settings, tables, backups, receptionist));

    public PartitionEntity(string entityId, string region, TimeProvider time, IActorRef hub, PartitionSettings settings, Catalog.TableDirectory tables,
        Backups.BackupSettings backups, IActorRef receptionist)
    {
        PersistenceId = entityId;
        _receptionist = receptionist;
        _tables = tables;
        _backups = backups;
        _settings = settings;
        _snapshots = new SnapshotSchedule(settings.SnapshotAfterEvents);
        _hub = hub;
        _time = time;
        var table = _tableName = entityId[..entityId.IndexOf('@')];
        // Local changes carry the table's tag, which the replication links read; replicated ones do not.
        _tag = entityId[..entityId.IndexOf('/')];
        _tags = [_tag];
        _partition = int.Parse(entityId[(entityId.IndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        _state = new PartitionState(table, region, new HybridLogicalClock(time), settings.ItemCollectionLimitBytes);

        // During replay LastSequenceNr is the replayed event's own, which the item's next change points back to.
        Recover<SnapshotOffer>(Restore);
        Recover<ItemChanged>(c => _state.Apply(c, LastSequenceNr));
        Recover<IndexesDefined>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            _sequence = LastSequenceNr;
            _state.Retention.Recovered(LastSequenceNr);
            StartRetention();
            StartTimeToLive();
            // The events replayed after the snapshot count toward the next one.
            Snapshotted(LastSequenceNr - _restoredSequenceNr);
            _state.Recovered();
            HeapCompaction.Get(Context.System).Recovered(_state.Order.Count);
        });
        // A lost update is no state: the journal keeps it, and the region's LostUpdateLog reads it from there.
        Recover<LostUpdate>(_ => { });
        ReceiveTransactions();
        ReceiveSnapshots();
        ReceiveRetention();
        ReceiveTimeToLive();

        Command<WriteItem>(w => Admit([w.Request.Key], w));
        Command<ApplyReplicated>(a => Admit(a.Changes.Select(c => c.Key).Distinct().ToList(), a));
        Command<LoadItems>(l => Admit(l.Puts.Select(p => p.Key).Distinct().ToList(), l));
        Command<RefusedWrite>(r => Release(r.Write));
        Command<ReadItem>(r => Sender.Tell(ItemRead.Of(_state.Find(r.Key))));
        Command<ReadPage>(r => r.Request.Index is { } index && !_state.Indexes.ContainsKey(index.Name),
            r => Sender.Tell(new Status.Failure(DynamoException.Validation($"The table does not have the specified index: {r.Request.Index!.Name}"))));
        Command<ReadPage>(r => Sender.Tell(PartitionQuery.Read(_state, r.Request)));
        Command<GetPartitionStats>(_ => Sender.Tell(new PartitionStats(_state.ItemCount, _state.SizeBytes, _queue.WaitingCount, IndexStatsNow())));
        Command<DefineIndexes>(DefineIndexes);
        Command<BackfillDue>(_ => Backfill());
        Command<GetIndexLags>(_ => Sender.Tell(new IndexLags(_indexLags.Select(l => (l.Key, l.Value.Recent(), l.Value.Count, l.Value.LastMs)).ToList())));
        Command<DumpItems>(d =>
        {
            // After the writes already in the journal's hands: a new replica's fill resumes the journal from an
            // ordering read before this dump, so the dump must hold every write at or below it.
            var sender = Sender;
            DeferAsync(d, _ => sender.Tell(new ItemsDumped(_state.Entries.ToList(), LastSequenceNr)));
        });
        Command<DropPartition>(_ =>
        {
            var sender = Sender;
            DeleteMessages(long.MaxValue);
            Become(() =>
            {
                // A retention deletion asked before the drop answers first: the journal answers in order.
                Command<DeleteMessagesSuccess>(_ => _deleting is not null, _ => _deleting = null);
                Command<DeleteMessagesFailure>(_ => _deleting is not null, _ => _deleting = null);
                Command<DeleteMessagesSuccess>(_ =>
                {
                    DeleteSnapshots(SnapshotSelectionCriteria.Latest);
                    Finish(sender);
                });
                Command<DeleteMessagesFailure>(f =>
                {
                    _log.Warning("Could not delete the journal of {0}: {1}", PersistenceId, f.Cause.Message);
                    Finish(sender);
                });
                CommandAny(_ => { });
            });
        });
    }

    /// <summary>Each index's recent lags here: metrics, not state.</summary>
    readonly Dictionary<string, IndexLagSamples> _indexLags = new(StringComparer.Ordinal);

    /// <summary>Applies a change the journal has, and records its lag in every index it reached.</summary>
    void Apply(ItemChanged change, long sequence)
    {
        _state.Apply(change, sequence);
        if (_state.IndexesReached.Count == 0) return;
        double lag = _time.GetUtcNow().ToUnixTimeMilliseconds() - change.Version.Stamp.PhysicalMs;
        foreach (var name in _state.IndexesReached)
        {
            if (!_indexLags.TryGetValue(name, out var samples)) _indexLags[name] = samples = new IndexLagSamples();
            samples.Record(lag);
        }
    }

    /// <summary>Who waits for the indexes to be complete here.</summary>
    readonly List<IActorRef> _indexWaiters = [];

    sealed record BackfillDue
    {
        public static readonly BackfillDue Instance = new();
    }

    /// <summary>
    /// Persists a new index set (nothing when it is the one held), then backfills what it adds a chunk at a time,
    /// between the commands that come meanwhile; the catalog hears once every index is complete.
    /// </summary>
    void DefineIndexes(DefineIndexes define)
    {
        var sender = Sender;
        if (_state.IndexDefinitions is { } held && held.Same(define.Indexes))
        {
            IndexesComplete(sender);
            return;
        }
        PersistHeld([define.Indexes], [],
            onEach: (e, _) => _state.Apply((IndexesDefined)e, backfill: true),
            onPersisted: () => IndexesComplete(sender),
            onRefused: () => sender.Tell(new Status.Failure(DynamoException.InternalServerError())));
    }

    void IndexesComplete(IActorRef waiter)
    {
        _indexWaiters.Add(waiter);
        Backfill();
    }

    void Backfill()
    {
        if (!_state.Backfill(_settings.IndexBackfillChunk))
        {
            // A pause between chunks leaves the dispatcher to the region's other actors, the journal's among them:
            // every partition of the table backfills at once, and would otherwise keep every thread busy.
            Timers.StartSingleTimer(nameof(BackfillDue), BackfillDue.Instance, _settings.IndexBackfillPause);
            return;
        }
        var ready = new IndexesReady(PersistenceId, IndexStatsNow());
        foreach (var waiter in _indexWaiters) waiter.Tell(ready);
        _indexWaiters.Clear();
    }

    List<IndexStats> IndexStatsNow() => _state.Indexes.Values.Select(i => new IndexStats(i.Definition.Name, i.ItemCount, i.SizeBytes)).ToList();

    void Finish(IActorRef requester)
    {
        requester.Tell(new PartitionDropped(PersistenceId));
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    /// <summary>Decides the command now, or queues it behind the unconfirmed events on its items.</summary>
    /// <param name="sender">Who hears the answer; the sender of the current message when null.</param>
    void Admit(IReadOnlyCollection<ItemKey> keys, object command, IActorRef? sender = null)
    {
        var queued = new Queued(command, sender ?? Sender);
        if (_queue.TryAdmit(keys, queued)) Run(queued);
    }

    void Run(Queued q)
    {
        switch (q.Command)
        {
            case WriteItem w:
                // The writes that queued on the item meanwhile go with it, each decided on the one before.
                Write([q, .. _queue.TakeFollowing(w.Request.Key, c => c.Command is WriteItem, _settings.ItemWriteBatchMax - 1)]);
                break;
            case ApplyReplicated a: Replicate(a, q.Sender); break;
            case LoadItems l: Load(l, q.Sender); break;
            default: RunTransactionCommand(q.Command, q.Sender); break;
        }
    }

    /// <summary>
    /// Writes to one item, in order, each decided on the item as the ones before it leave it, persisted as one atomic
    /// write. An answer decided on a write of the group is final only once the journal has that write, so every
    /// writer of the group hears when the journal answers, and all hear InternalServerError if it does not keep it.
    /// </summary>
    void Write(IReadOnlyList<Queued> group)
    {
        var key = ((WriteItem)group[0].Command).Request.Key;
        if (_transactions.IsLocked(key))
        {
            foreach (var q in group) q.Sender.Tell(WriteDecision.Failed(LockedItem));
            return;
        }
        var (decisions, changes) = _state.DecideInOrder(group.Select(q => ((WriteItem)q.Command).Request).ToList(), _sequence);
        if (changes.Count == 0)
        {
            // Decided on confirmed state only: final now.
            for (int i = 0; i < group.Count; i++) group[i].Sender.Tell(decisions[i]);
            return;
        }
        // Counted in the item's collection from now, so that writes to its other items decided meanwhile see it.
        _state.Hold(changes);
        var sequences = new long[changes.Count];
        int persisted = 0;
        PersistHeld(changes.Select(c => (object)new Tagged(c, _tags)).ToList(), [key],
            onEach: (e, sequence) =>
            {
                Apply((ItemChanged)((Tagged)e).Payload, sequence);
                sequences[persisted++] = sequence;
            },
            onPersisted: () =>
            {
                for (int i = 0; i < group.Count; i++) group[i].Sender.Tell(decisions[i]);
                for (int i = 0; i < changes.Count; i++) _hub.Tell(new LocalWrite(changes[i], _tag, _partition, sequences[i]));
            },
            onRefused: () =>
            {
                _state.Unhold([key]);
                foreach (var q in group) q.Sender.Tell(WriteDecision.Failed(DynamoException.InternalServerError()));
            });
    }

    /// <summary>
    /// A restore's puts, each decided as a PutItem with no condition, persisted as one atomic write: a restore costs one
    /// journal round trip per batch, not per item. The restored table takes no other writes until it is ACTIVE.
    /// </summary>
    void Load(LoadItems l, IActorRef sender)
    {
        var changes = new List<ItemChanged>(l.Puts.Count);
        foreach (var put in l.Puts)
        {
            var (decisions, decided) = _state.DecideInOrder([put], _sequence);
            if (decisions[0].Error is { } error)
            {
                sender.Tell(new Status.Failure(error));
                return;
            }
            changes.AddRange(decided);
        }
        if (changes.Count == 0)
        {
            sender.Tell(new ItemsLoaded(0));
            return;
        }
        var keys = changes.Select(c => c.Key).ToList();
        _state.Hold(changes);
        PersistHeld(changes.Select(c => (object)new Tagged(c, _tags)).ToList(), keys,
            onEach: (e, sequence) => Apply((ItemChanged)((Tagged)e).Payload, sequence),
            onPersisted: () => sender.Tell(new ItemsLoaded(changes.Count)),
            onRefused: () =>
            {
                _state.Unhold(keys);
                sender.Tell(new Status.Failure(DynamoException.InternalServerError()));
            });
    }

    void Replicate(ApplyReplicated a, IActorRef sender)
    {
        // A transaction holds the item between prepare and commit; the commit would overwrite a change
        // applied now without the LWW merge. Refuse it: the link retries, and the commit will have landed.
        if (a.Changes.Any(c => _transactions.IsLocked(c.Key)))
        {
            sender.Tell(new Status.Failure(new InvalidOperationException("An item is locked by a transaction")));
            return;
        }
        var batch = _state.ResolveReplicated(a.Changes, _time.GetUtcNow(), _sequence, a.IsFill);
        var reply = new ReplicatedApplied(batch.Outcomes);
        if (batch.Events.Count == 0)
        {
            sender.Tell(reply);
            return;
        }
        // Lost updates carry one tag across all tables; replicated changes carry none (the links read local ones only).
        var events = batch.Events.Select(e => e is LostUpdate ? new Tagged(e, LostUpdateTags) : e).ToList();
        PersistHeld(events, batch.Keys,
            onEach: (e, sequence) =>
            {
                if (e is ItemChanged change) Apply(change, sequence);
                else _state.ApplyReplicated(e is Tagged t ? t.Payload : e, sequence);
            },
            onPersisted: () => sender.Tell(reply),
            onRefused: () => sender.Tell(new Status.Failure(DynamoException.InternalServerError())));
    }

    /// <summary>
    /// Hands one atomic write to the journal. Its items stay held, and the commands on them wait, until the journal
    /// answers: each event is applied as it is confirmed, then the write's owner hears.
    /// </summary>
    void PersistHeld(IReadOnlyList<object> events, IReadOnlyCollection<ItemKey> keys, Action<object, long> onEach, Action onPersisted, Action onRefused)
    {
        long first = _sequence + 1;
        _sequence += events.Count;
        var write = new HeldWrite(keys, _sequence, onRefused);
        for (long s = first; s <= _sequence; s++) _held[s] = write;
        _queue.Hold(keys);
        PersistAllAsync(events, e =>
        {
            long sequence = LastSequenceNr;
            if (!_held.Remove(sequence, out var held) || held != write)
                throw new InvalidOperationException($"{PersistenceId}: the journal confirmed {sequence}, which this partition did not number so");
            onEach(e, sequence);
            if (sequence != write.LastSequence) return;
            _state.Retention.Confirmed(sequence, _time.GetUtcNow());
            onPersisted();
            Release(write);
            Snapshotted(events.Count);
        });
    }

    /// <summary>The journal answered a write: the commands waiting for its items go, in arrival order.</summary>
    void Release(HeldWrite write)
    {
        _queue.Release(write.Keys);
        while (_queue.TryTakeNext(out var next)) Run(next);
    }

    /// <summary>
    /// The sequence number of the last event handed to the journal. Akka numbers events as they are persisted, in
    /// order, and the partition counts along: an item records the number its event is stored at, which its next
    /// change points back to, and a refusal names the write by it.
    /// </summary>
    long _sequence;

    /// <summary>Lost updates carry one tag across all tables: a region's log is read by it (<see cref="LostUpdateLog"/>).</summary>
    public const string LostUpdateTag = "lost-update";
    static readonly ImmutableHashSet<string> LostUpdateTags = [LostUpdateTag];

    /// <summary>
    /// The journal refused a write (it was not stored): nothing was applied, so only its owner hears. Its items are
    /// released by a message to itself: Akka hands to the journal what a command persists, and this is no command.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        if (!_held.Remove(sequenceNr, out var write) || sequenceNr != write.LastSequence) return;
        _log.Warning("The journal refused a write of {0} at {1}: {2}", PersistenceId, sequenceNr, cause.Message);
        write.OnRefused();
        Self.Tell(new RefusedWrite(write));
    }

    sealed record RefusedWrite(HeldWrite Write);

    /// <summary>
    /// A journal write failed; whether it was stored is unknown. Akka stops the partition after this, and its backoff
    /// supervisor starts it again from the journal; every command it holds hears now rather than at its timeout.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error("A journal write of {0} failed at {1}; the partition restarts from its journal: {2}", PersistenceId, sequenceNr, cause.Message);
        foreach (var write in _held.Values.Distinct()) write.OnRefused();
        _held.Clear();
        foreach (var queued in _queue.TakeAll()) Refuse(queued);
    }

    void Refuse(Queued q)
    {
        switch (q.Command)
        {
            case WriteItem: q.Sender.Tell(WriteDecision.Failed(DynamoException.InternalServerError())); break;
            case ApplyReplicated or LoadItems: q.Sender.Tell(new Status.Failure(DynamoException.InternalServerError())); break;
            default: RefuseTransactionCommand(q.Command, q.Sender); break;
        }
    }
}
