using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Region.Transactions;

/// <summary>
/// Runs TransactWriteItems as a persisted two-phase commit over the partitions involved:
/// persist Started (who takes part), send Prepare, collect the votes, persist the Decision,
/// send it, collect the acknowledgements, persist Finished, reply. After a crash, recovery
/// re-sends a persisted Commit until every partition has applied it, and aborts every
/// transaction that had no decision yet. The logic lives in <see cref="TransactionLedger"/> and
/// <see cref="PartitionTransactions"/>; this actor only persists and sends.
/// </summary>
public sealed class TransactionCoordinator : ReceivePersistentActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    public const string Name = "transactions";
    static readonly TimeSpan VoteTimeout = TimeSpan.FromSeconds(5);
    static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(1);

    sealed class Running(TransactionStarted started, IReadOnlyList<TransactionAction> actions, IActorRef? client)
    {
        public TransactionStarted Started { get; } = started;
        public IReadOnlyList<TransactionAction> Actions { get; } = actions;
        public IActorRef? Client { get; } = client;
        public Dictionary<string, PrepareVote> Votes { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Acknowledged { get; } = new(StringComparer.Ordinal);
        public bool? Commit { get; set; }
        public bool Finishing { get; set; }
    }

    sealed record VotesOverdue(string TransactionId);

    sealed record Resend
    {
        public static readonly Resend Instance = new();
    }

    sealed record PartitionsReady
    {
        public static readonly PartitionsReady Instance = new();
    }

    readonly TransactionLedger _ledger = new();
    readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    readonly TimeProvider _time;
    readonly TransactionFaults _faults;
    readonly ILoggingAdapter _log = Context.GetLogger();
    IActorRef? _partitions;

    public const string PersistenceIdOf = "transaction-coordinator";

    public override string PersistenceId => PersistenceIdOf;

    /// <param name="snapshotAfterEvents">The ledger is saved as a snapshot, and the journal below it deleted, every this many events.</param>
    public static Props Props(TimeProvider time, TransactionFaults faults, int snapshotAfterEvents) =>
        Akka.Actor.Props.Create(() => new TransactionCoordinator(time, faults, snapshotAfterEvents));

    public TransactionCoordinator(TimeProvider time, TransactionFaults faults, int snapshotAfterEvents)
    {
        _time = time;
        _faults = faults;
        _snapshots = new SnapshotSchedule(snapshotAfterEvents);
        Recover<SnapshotOffer>(o => _ledger.Restore((TransactionLedgerSnapshot)o.Snapshot));
        Recover<ITransactionEvent>(e =>
        {
            _ledger.Apply(e);
            _snapshots.Add(1);
        });
        ReceiveSnapshots();
        Recover<RecoveryCompleted>(_ => Self.Tell(PartitionsReady.Instance));

        Command<PartitionsReady>(_ => FindPartitions());
        Command<ExecuteTransaction>(Execute);
        Command<PrepareVote>(OnVote);
        Command<DecisionApplied>(OnApplied);
        Command<VotesOverdue>(o =>
        {
            if (_running.TryGetValue(o.TransactionId, out var r) && r.Commit is null) Decide(r);
        });
        Command<Resend>(_ => ResendDecisions());
    }

    /// <summary>The partitions' shard region starts after this actor; wait for it, then re-drive what recovery left open.</summary>
    void FindPartitions()
    {
        if (!TryFindPartitions())
        {
            Timers.StartSingleTimer("partitions", PartitionsReady.Instance, TimeSpan.FromMilliseconds(50));
            return;
        }
        var aborts = new List<TransactionDecided>();
        // Only what recovery left open: a transaction a client started since (stashed during recovery, run before this
        // message) is running already, and presuming its abort would take its client's answer away.
        foreach (var open in _ledger.Unfinished.Where(o => !_running.ContainsKey(o.Started.TransactionId)).ToList())
        {
            // No decision was persisted: presumed abort.
            var r = new Running(open.Started, [], null) { Commit = open.Commit ?? false };
            _running[open.Started.TransactionId] = r;
            if (open.Commit is null) aborts.Add(new TransactionDecided(open.Started.TransactionId, false));
            else SendDecision(r);
        }
        PersistAll(aborts, e =>
        {
            Apply(e);
            SendDecision(_running[e.TransactionId]);
        });
        Timers.StartPeriodicTimer("resend", Resend.Instance, ResendInterval);
    }

    bool TryFindPartitions()
    {
        if (_partitions is not null) return true;
        try
        {
            _partitions = ClusterSharding.Get(Context.System).ShardRegion("partition");
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    void Execute(ExecuteTransaction command)
    {
        var sender = Sender;
        if (!TryFindPartitions())
        {
            sender.Tell(new TransactionOutcome(DynamoException.InternalServerError()));
            return;
        }
        var now = _time.GetUtcNow();
        _ledger.Expire(now);
        switch (_ledger.Check(command.Token, command.RequestHash, now))
        {
            case TransactionLedger.TokenState.Completed:
                sender.Tell(new TransactionOutcome(null));
                return;
            case TransactionLedger.TokenState.Mismatch:
                sender.Tell(new TransactionOutcome(new DynamoException(ErrorCode.IdempotentParameterMismatch,
                    "The request uses the same client token as a previous, but non-identical request.")));
                return;
            case TransactionLedger.TokenState.InProgress:
                sender.Tell(new TransactionOutcome(new DynamoException(ErrorCode.TransactionInProgress,
                    "Transaction with the given request token is already in progress.")));
                return;
        }
        var participants = command.Actions.Select(a => a.EntityId).Distinct(StringComparer.Ordinal).ToList();
        var started = new TransactionStarted(Guid.NewGuid().ToString("N"), command.Token, command.RequestHash, participants, now);
        _starting = sender;
        Persist(started, e =>
        {
            _starting = null;
            Apply(e);
            var r = new Running(e, command.Actions, sender);
            _running[e.TransactionId] = r;
            foreach (var group in command.Actions.GroupBy(a => a.EntityId, StringComparer.Ordinal))
                if (_faults.DropPrepare?.Invoke(group.Key) != true)
                    _partitions!.Tell(new PartitionEnvelope(group.Key, new PrepareTransaction(e.TransactionId, group.ToList())));
            _faults.OnPreparesSent?.Invoke(e.TransactionId);
            Timers.StartSingleTimer("votes-" + e.TransactionId, new VotesOverdue(e.TransactionId), VoteTimeout);
        });
    }

    void OnVote(PrepareVote vote)
    {
        if (!_running.TryGetValue(vote.TransactionId, out var r) || r.Commit is not null) return;
        r.Votes[vote.EntityId] = vote;
        if (r.Votes.Count == r.Started.Participants.Count) Decide(r);
    }

    void Decide(Running r)
    {
        Timers.Cancel("votes-" + r.Started.TransactionId);
        bool commit = r.Votes.Count == r.Started.Participants.Count && r.Votes.Values.All(v => v.Yes);
        r.Commit = commit;
        Persist(new TransactionDecided(r.Started.TransactionId, commit), e =>
        {
            Apply(e);
            SendDecision(r);
        });
    }

    void SendDecision(Running r)
    {
        var decision = new ApplyDecision(r.Started.TransactionId, r.Commit!.Value);
        foreach (var participant in r.Started.Participants)
        {
            if (r.Acknowledged.Contains(participant)) continue;
            if (r.Commit == true && _faults.DropCommit?.Invoke(participant) == true) continue;
            _partitions!.Tell(new PartitionEnvelope(participant, decision));
        }
        if (r.Commit == true) _faults.OnCommitsSent?.Invoke(r.Started.TransactionId);
    }

    void OnApplied(DecisionApplied applied)
    {
        if (!_running.TryGetValue(applied.TransactionId, out var r) || r.Finishing) return;
        r.Acknowledged.Add(applied.EntityId);
        if (r.Acknowledged.Count < r.Started.Participants.Count) return;
        r.Finishing = true;
        Persist(new TransactionFinished(r.Started.TransactionId, r.Commit == true, _time.GetUtcNow()), e =>
        {
            Apply(e);
            _running.Remove(e.TransactionId);
            r.Client?.Tell(e.Committed
                ? new TransactionOutcome(null, r.Votes.Values.SelectMany(v => v.Decisions ?? []).ToList())
                : new TransactionOutcome(r.Votes.Values.FirstOrDefault(v => v.Error is not null)?.Error ?? Cancelled(r)));
        });
    }

    /// <summary>One reason per action in request order: the votes' reasons, None for the rest; a missing vote counts as a conflict.</summary>
    static TransactionCanceledException Cancelled(Running r)
    {
        var reasons = Enumerable.Repeat(CancellationReason.None, r.Actions.Count).ToArray();
        foreach (var vote in r.Votes.Values)
            foreach (var (index, reason) in vote.Failures) reasons[index] = reason;
        foreach (var action in r.Actions)
            if (!r.Votes.ContainsKey(action.EntityId)) reasons[action.Index] = CancellationReason.Conflict;
        return new TransactionCanceledException(reasons);
    }

    /// <summary>Decisions not yet acknowledged by every partition are sent again (the partitions apply them once).</summary>
    void ResendDecisions()
    {
        var now = _time.GetUtcNow();
        foreach (var r in _running.Values)
            if (r.Commit is not null && !r.Finishing && now - r.Started.At > ResendInterval) SendDecision(r);
    }

    /// <summary>Applies a persisted event, and saves the ledger as a snapshot once enough events went by.</summary>
    void Apply(ITransactionEvent e)
    {
        _ledger.Apply(e);
        _snapshots.Add(1);
        SaveIfDue();
    }

    void SaveIfDue()
    {
        if (_snapshots.TakeDue()) SaveSnapshot(_ledger.Snapshot());
    }

    readonly SnapshotSchedule _snapshots;

    /// <summary>
    /// Once a snapshot is saved the journal below it is deleted: nothing but this actor reads it, and its recovery
    /// starts from the snapshot. So the coordinator's journal holds at most one snapshot interval of events.
    /// </summary>
    void ReceiveSnapshots()
    {
        Command<SaveSnapshotSuccess>(s =>
        {
            _snapshots.Ended();
            DeleteMessages(s.Metadata.SequenceNr);
            if (s.Metadata.SequenceNr > 1) DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
            // Events that came while it was saved may already make the next one due; none may follow them.
            SaveIfDue();
        });
        Command<SaveSnapshotFailure>(f =>
        {
            _snapshots.Ended();
            _log.Warning("The transaction coordinator could not save a snapshot at {0}: {1}", f.Metadata.SequenceNr, f.Cause.Message);
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("The transaction coordinator could not trim its journal: {0}", f.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning("The transaction coordinator could not delete its old snapshots: {0}", f.Cause.Message));
    }

    /// <summary>
    /// A journal write failed (Akka stops this actor next) or was refused: either way the coordinator starts again
    /// from its journal, through its backoff supervisor, where recovery re-drives every open transaction (presumed
    /// abort without a decision). Clients waiting now hear at once; their transactions' outcomes are unknown to them,
    /// as with DynamoDB's 500.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error("The transaction coordinator could not persist {0}; it restarts from its journal: {1}", @event.GetType().Name, cause.Message);
        AnswerRunning();
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error("The journal refused the transaction coordinator's {0}; it restarts from its journal: {1}", @event.GetType().Name, cause.Message);
        AnswerRunning();
        Context.Stop(Self);
    }

    void AnswerRunning()
    {
        var unavailable = new TransactionOutcome(DynamoException.InternalServerError());
        foreach (var r in _running.Values) r.Client?.Tell(unavailable);
        _running.Clear();
        // A transaction whose TransactionStarted was not kept is in no Running yet.
        _starting?.Tell(unavailable);
        _starting = null;
    }

    /// <summary>The client of the TransactionStarted in the journal's hands (Persist lets one through at a time).</summary>
    IActorRef? _starting;
}
