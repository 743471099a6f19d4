using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Backups;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Persistence;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Catalog;

/// <summary>
/// The region's tables, event-sourced. Rules live in <see cref="TableValidation"/>; this actor
/// orders the changes, persists them, runs the status transitions and publishes to the directory.
/// It is a cluster singleton (docs/cluster.md): it writes the directory of the node it runs on, and sends every
/// change to the <see cref="DirectorySubscriber"/> of each other node.
/// </summary>
public sealed partial class TableCatalog : ReceivePersistentActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;
    readonly ILoggingAdapter _log = Context.GetLogger();
    readonly TableDirectory _directory;
    readonly IActorRef _partitions;
    readonly TimeProvider _time;
    readonly TimeSpan _transition;
    readonly TimeSpan _timeToLiveTransition;
    readonly int _partitionCount;
    ImmutableSortedDictionary<string, TableDefinition> _tables =
        ImmutableSortedDictionary<string, TableDefinition>.Empty.WithComparers(StringComparer.Ordinal);

    public override string PersistenceId => "catalog";

    readonly string _region;
    readonly PeerDirectory _peers;

    /// <param name="timeToLiveTransition">How long an UpdateTimeToLive takes to settle (ENABLING, DISABLING).</param>
    /// <param name="backups">Writes backup files and fills restored tables (docs/backups.md).</param>
    /// <param name="peerAskTimeout">How long a peer region's catalog has to answer (a new replica's installation).</param>
    public static Props Props(TableDirectory directory, IActorRef partitions, TimeProvider time, TimeSpan transition, int partitionCount, string region,
        PeerDirectory peers, TimeSpan indexBuildTimeout, TimeSpan timeToLiveTransition, string account, TableBackups backups, TimeSpan peerAskTimeout) =>
        Akka.Actor.Props.Create(() => new TableCatalog(directory, partitions, time, transition, partitionCount, region, peers, indexBuildTimeout, timeToLiveTransition,
            account, backups, peerAskTimeout));

    readonly string _account;
    readonly TableBackups _backupFiles;

    public TableCatalog(TableDirectory directory, IActorRef partitions, TimeProvider time, TimeSpan transition, int partitionCount, string region,
        PeerDirectory peers, TimeSpan indexBuildTimeout, TimeSpan timeToLiveTransition, string account, TableBackups backups, TimeSpan peerAskTimeout)
    {
        _peerAskTimeout = peerAskTimeout;
        _account = account;
        _backupFiles = backups;
        _timeToLiveTransition = timeToLiveTransition;
        _indexBuildTimeout = indexBuildTimeout;
        _region = region;
        _peers = peers;
        _directory = directory;
        _partitions = partitions;
        _time = time;
        _transition = transition;
        _partitionCount = partitionCount;

        Recover<TableDefined>(Apply);
        Recover<TableRemoved>(Apply);
        RecoverBackups();
        Recover<RecoveryCompleted>(_ =>
        {
            _recovered = true;
            Publish();
            ResumeTransitions();
            ResumeBackups();
        });

        Command<SubscribeDirectory>(_ => Subscribe(Sender));
        Command<Terminated>(t => _subscribers.Remove(t.ActorRef));
        Command<CreateTable>(Create);
        Command<UpdateTable>(Update);
        Command<DeleteTable>(Delete);
        Command<TagTable>(t => ChangeSetting(t.TableName, "Requested resource not found", c => WithTags(c, TagRules.Merged(c.Tags, t.Tags))));
        Command<UntagTable>(u => ChangeSetting(u.TableName, "Requested resource not found", c => WithTags(c, TagRules.Without(c.Tags, u.Keys))));
        Command<UpdateTimeToLive>(u => ChangeSetting(u.TableName, $"Requested resource not found: Table: {u.TableName} not found",
            c => c with { TimeToLive = TimeToLive.Update(c.TimeToLive, u.Enabled, u.AttributeName, _time.GetUtcNow(), _timeToLiveTransition) }));
        ReceiveBackups();
        ReceiveReplicas();
        Command<ReplicaSettingsChanged>(OnSettingsChanged);
        Command<ReplicaIndexesChanged>(OnIndexesChanged);
        Command<DropReplica>(d =>
        {
            if (_tables.TryGetValue(d.TableName, out var t) && t.Status != TableStatus.DELETING)
                Persist(new TableDefined(t with { Status = TableStatus.DELETING, Replicas = null }), e => { Apply(e); DropPartitions(e.Table); });
        });
        Command<FinishTransition>(f =>
        {
            if (_tables.TryGetValue(f.TableName, out var t) && t.TableId == f.TableId &&
                t.Status is TableStatus.CREATING or TableStatus.UPDATING && Settled(t))
                Persist(new TableDefined(t with { Status = TableStatus.ACTIVE }), Apply);
        });
        Command<IndexesBuilt>(OnIndexesBuilt);
        Command<IndexesNotBuilt>(n =>
        {
            if (!_tables.TryGetValue(n.TableName, out var t) || t.TableId != n.TableId) return;
            // Said once per table until its partitions take the indexes, not at every retry.
            int refusals = _indexesRefused.GetValueOrDefault(t.TableId);
            if (refusals == 0)
                _log.Warning("The partitions of {0} did not all take its indexes ({1}); asking again until they do", n.TableName, n.Cause);
            _indexesRefused[t.TableId] = refusals + 1;
            // The delay doubles: a journal that fails the definition stops the partitions each time it is asked.
            Timers.StartSingleTimer("indexes-" + t.Name, new DefineTableIndexes(t.Name, t.TableId), RetryDelay(refusals));
        });
        Command<DefineTableIndexes>(d =>
        {
            if (_tables.TryGetValue(d.TableName, out var t) && t.TableId == d.TableId) DefinePartitionIndexes(t);
        });
        Command<FinishDeletion>(f =>
        {
            if (_tables.TryGetValue(f.TableName, out var t) && t.TableId == f.TableId)
                Persist(new TableRemoved(f.TableName), Apply);
        });
    }

    void Apply(TableDefined e)
    {
        _tables = _tables.SetItem(e.Table.Name, e.Table);
        Publish();
    }

    void Apply(TableRemoved e)
    {
        _tables = _tables.Remove(e.Name);
        Publish();
    }

    bool _recovered;

    /// <summary>The subscribers of the other nodes; this node's directory the catalog writes itself.</summary>
    readonly HashSet<IActorRef> _subscribers = [];

    /// <summary>
    /// Only once recovered: a catalog that takes over on a node of a live region would otherwise show that node's API
    /// every past state of every table while it replays them.
    /// </summary>
    void Publish()
    {
        if (!_recovered) return;
        _directory.Publish(_tables, LastSequenceNr);
        if (_subscribers.Count == 0) return;
        var changed = new DirectoryChanged(_tables.Values.ToList(), LastSequenceNr);
        foreach (var subscriber in _subscribers) subscriber.Tell(changed);
    }

    void Subscribe(IActorRef subscriber)
    {
        // The catalog's node's own subscriber hears only that it is subscribed: a copy it published later could be older
        // than what the catalog has written since.
        bool remote = !subscriber.Path.Address.HasLocalScope;
        if (remote && _subscribers.Add(subscriber)) Context.Watch(subscriber);
        subscriber.Tell(new DirectoryChanged(remote ? _tables.Values.ToList() : null, LastSequenceNr));
    }

    void ResumeTransitions()
    {
        foreach (var t in _tables.Values)
        {
            if ((t.Status is TableStatus.CREATING or TableStatus.UPDATING && t.SecondaryIndexes.Count > 0)
                || t.SecondaryIndexes.Any(i => i.Status != IndexStatus.ACTIVE))
                DefinePartitionIndexes(t);
            ResumeInstalls(t);
            if (t.Status is TableStatus.CREATING or TableStatus.UPDATING) Self.Tell(new FinishTransition(t.Name, t.TableId));
            else if (t.Status == TableStatus.DELETING) DropPartitions(t);
        }
    }

    void Create(CreateTable c)
    {
        var sender = Sender;
        if (_tables.ContainsKey(c.Request.TableName))
        {
            sender.Tell(new CatalogResult(null, DynamoException.ResourceInUse($"Table already exists: {c.Request.TableName}")));
            return;
        }
        TableDefinition table;
        try { table = TableValidation.Define(c.Request, Guid.NewGuid().ToString(), _partitionCount, _time.GetUtcNow()); }
        catch (DynamoException e) { sender.Tell(new CatalogResult(null, e)); return; }
        PersistRequested(new TableDefined(table), sender, e =>
        {
            ScheduleTransition(e.Table);
            if (e.Table.SecondaryIndexes.Count > 0) DefinePartitionIndexes(e.Table);
        });
    }

    void Update(UpdateTable u)
    {
        var sender = Sender;
        if (!_tables.TryGetValue(u.TableName, out var current))
        {
            sender.Tell(new CatalogResult(null, DynamoException.ResourceNotFound($"Requested resource not found: Table: {u.TableName} not found")));
            return;
        }
        if (current.Status != TableStatus.ACTIVE)
        {
            sender.Tell(new CatalogResult(null, TableValidation.InUse(current)));
            return;
        }
        TableDefinition updated;
        try
        {
            updated = current;
            if (u.IndexUpdates is { } indexUpdates) updated = GlobalIndexChanges.Apply(updated, indexUpdates, u.AttributeDefinitions);
            // An index change alone leaves the table ACTIVE: the index has a status of its own.
            if (u.IndexUpdates is null || u.BillingMode is not null || u.ReadCapacityUnits is not null || u.WriteCapacityUnits is not null || u.Stream is not null)
                updated = TableValidation.Update(updated, u.BillingMode, u.ReadCapacityUnits, u.WriteCapacityUnits, _time.GetUtcNow(), u.Stream);
        }
        catch (DynamoException e) { sender.Tell(new CatalogResult(null, e)); return; }
        PersistRequested(new TableDefined(updated), sender, e =>
        {
            if (e.Table.Status != TableStatus.ACTIVE) ScheduleTransition(e.Table);
            if (u.IndexUpdates is not null)
            {
                DefinePartitionIndexes(e.Table);
                TellPeers(e.Table, new ReplicaIndexesChanged(e.Table.Name, e.Table.SecondaryIndexes, e.Table.AttributeDefinitions));
            }
            TellPeers(e.Table, new ReplicaSettingsChanged(e.Table.Name, e.Table.BillingMode, e.Table.ReadCapacityUnits, e.Table.WriteCapacityUnits));
        });
    }

    void Delete(DeleteTable d)
    {
        var sender = Sender;
        if (!_tables.TryGetValue(d.TableName, out var current))
        {
            sender.Tell(new CatalogResult(null, DynamoException.ResourceNotFound($"Requested resource not found: Table: {d.TableName} not found")));
            return;
        }
        if (current.Status != TableStatus.ACTIVE)
        {
            sender.Tell(new CatalogResult(null, TableValidation.InUse(current)));
            return;
        }
        // Deleting a replica table removes this region from the global table; the others go on.
        if (current.IsGlobal) TellPeers(current, new ReplicasChanged(current.Name, ReplicaRules.WithoutReplica(current, _region).Replicas ?? []));
        PersistRequested(new TableDefined(current with { Status = TableStatus.DELETING }), sender, e => DropPartitions(e.Table));
    }

    /// <summary>
    /// A setting of this region's copy of a table, tags or time to live, which is not replicated: each region's copy has
    /// its own, as in DynamoDB. <paramref name="change"/> applies Model's rules, or throws DynamoDB's error.
    /// </summary>
    void ChangeSetting(string tableName, string notFound, Func<TableDefinition, TableDefinition> change, ErrorCode notFoundCode = ErrorCode.ResourceNotFound)
    {
        var sender = Sender;
        if (!_tables.TryGetValue(tableName, out var current) || current.Status == TableStatus.DELETING)
        {
            sender.Tell(new CatalogResult(null, new DynamoException(notFoundCode, notFound)));
            return;
        }
        TableDefinition changed;
        try { changed = change(current); }
        catch (DynamoException e) { sender.Tell(new CatalogResult(null, e)); return; }
        PersistRequested(new TableDefined(changed), sender, _ => { });
    }

    static TableDefinition WithTags(TableDefinition t, IReadOnlyList<TableTag> tags) => t with { Tags = tags.Count > 0 ? tags : null };

    void OnSettingsChanged(ReplicaSettingsChanged s)
    {
        if (!_tables.TryGetValue(s.TableName, out var t) || t.Status == TableStatus.DELETING) return;
        if (t.BillingMode == s.BillingMode && t.ReadCapacityUnits == s.ReadCapacityUnits && t.WriteCapacityUnits == s.WriteCapacityUnits) return;
        Persist(new TableDefined(t with { BillingMode = s.BillingMode, ReadCapacityUnits = s.ReadCapacityUnits, WriteCapacityUnits = s.WriteCapacityUnits }), Apply);
    }

    /// <summary>Persists a change a client asked for; the client hears once it is applied, or hears an error if the journal does not keep it.</summary>
    void PersistRequested(TableDefined change, IActorRef requester, Action<TableDefined> persisted) =>
        PersistRequested(change, requester, new CatalogResult(null, DynamoException.InternalServerError()), e =>
        {
            Apply(e);
            requester.Tell(new CatalogResult(e.Table, null, LastSequenceNr));
            persisted(e);
        });

    /// <summary>Persists a change a client asked for; the client hears <paramref name="refusal"/> if the journal does not keep it.</summary>
    void PersistRequested<TEvent>(TEvent change, IActorRef requester, object refusal, Action<TEvent> persisted) where TEvent : class
    {
        _requester = (requester, refusal);
        Persist(change, e =>
        {
            _requester = null;
            persisted(e);
        });
    }

    /// <summary>The client of the change in the journal's hands (Persist lets one through at a time), and what it hears if it fails.</summary>
    (IActorRef Requester, object Refusal)? _requester;

    /// <summary>
    /// The journal refused a change: nothing was applied; its client hears. The catalog then starts again from its
    /// journal, like after a failure, so that a refused status transition is resumed, not left half done.
    /// </summary>
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error("The journal refused the catalog's {0}; it restarts from its journal: {1}", @event.GetType().Name, cause.Message);
        AnswerRequester();
        Context.Stop(Self);
    }

    /// <summary>
    /// A journal write failed: Akka stops the catalog next, and its backoff supervisor starts it again from the journal.
    /// Its client hears now; the change's outcome is unknown to it, as with DynamoDB's 500.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error("The catalog could not persist {0}; it restarts from its journal: {1}", @event.GetType().Name, cause.Message);
        AnswerRequester();
    }

    void AnswerRequester()
    {
        if (_requester is var (requester, refusal)) requester.Tell(refusal);
        _requester = null;
    }

    void TellPeers(TableDefinition t, object message)
    {
        foreach (var peer in t.PeerRegions(_region)) TellRegion(peer, message);
    }

    void TellRegion(string region, object message) =>
        _peers.Select(Context.System, region, "/user/catalog")?.Tell(message, Self);

    void ScheduleTransition(TableDefinition t) =>
        Timers.StartSingleTimer("transition-" + t.Name, new FinishTransition(t.Name, t.TableId), _transition);

    /// <summary>The tables (by id) whose partitions have not all taken their current indexes; they stay CREATING or UPDATING.</summary>
    readonly HashSet<string> _indexesPending = [];

    /// <summary>How often each table's (by id) partitions refused its indexes since they last took them.</summary>
    readonly Dictionary<string, int> _indexesRefused = [];

    /// <summary>Retry delays (indexes refused, a peer not answering) double from the table transition up to 2^7 times it (26 s at 200 ms).</summary>
    const int RetryDoublingsMax = 7;

    /// <summary>How long every partition of a table has to build a new index from its items.</summary>
    readonly TimeSpan _indexBuildTimeout;

    /// <summary>Tells every partition of the table its indexes, off this actor's thread; the answers come back as a message.</summary>
    void DefinePartitionIndexes(TableDefinition t)
    {
        _indexesPending.Add(t.TableId);
        var define = new DefineIndexes(t.IndexesDefined);
        var asks = Enumerable.Range(0, t.PartitionCount)
            .Select(p => _partitions.Ask<IndexesReady>(new PartitionEnvelope(t.PartitionEntityId(p), define), _indexBuildTimeout));
        Task.WhenAll(asks).PipeTo(Self,
            success: ready => new IndexesBuilt(t.Name, t.TableId, define.Indexes, ready),
            failure: e => new IndexesNotBuilt(t.Name, t.TableId, e.GetBaseException().Message));
    }

    void OnIndexesBuilt(IndexesBuilt b)
    {
        if (!_tables.TryGetValue(b.TableName, out var t) || t.TableId != b.TableId) return;
        // Superseded while the partitions built it: the newer set is being told to them.
        if (!t.IndexesDefined.Same(b.Indexes)) return;
        _indexesPending.Remove(t.TableId);
        if (_indexesRefused.Remove(t.TableId)) _log.Info("The partitions of {0} took its indexes", t.Name);
        if (GlobalIndexChanges.Settled(t, b.Indexes) is { } settled)
        {
            Persist(new TableDefined(settled), Apply);
            t = settled;
        }
        if (t.Status == TableStatus.CREATING && IsFilling(t) && FillDone(t)) AnnounceFilled(t);
        else Self.Tell(new FinishTransition(t.Name, t.TableId));
    }

    void OnIndexesChanged(ReplicaIndexesChanged c)
    {
        if (!_tables.TryGetValue(c.TableName, out var t) || t.Status == TableStatus.DELETING) return;
        var adopted = GlobalIndexChanges.Adopt(t, c.Indexes, c.AttributeDefinitions);
        if (adopted == t) return;
        Persist(new TableDefined(adopted), e =>
        {
            Apply(e);
            DefinePartitionIndexes(e.Table);
        });
    }

    void DropPartitions(TableDefinition t)
    {
        var self = Self;
        var drops = Enumerable.Range(0, t.PartitionCount)
            .Select(p => _partitions.Ask<PartitionDropped>(new PartitionEnvelope(t.PartitionEntityId(p), DropPartition.Instance), TimeSpan.FromSeconds(30)));
        Task.WhenAll(drops).ContinueWith(_ => self.Tell(new FinishDeletion(t.Name, t.TableId)));
    }
}
