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
    readonly Dictionary<(string Table, string Source), (long Applied, long Target)> _fills = new();

    /// <param name="timeToLiveTransition">How long an UpdateTimeToLive takes to settle (ENABLING, DISABLING).</param>
    /// <param name="backups">Writes backup files and fills restored tables (docs/backups.md).</param>
    public static Props Props(TableDirectory directory, IActorRef partitions, TimeProvider time, TimeSpan transition, int partitionCount, string region,
        PeerDirectory peers, TimeSpan indexBuildTimeout, TimeSpan timeToLiveTransition, string account, TableBackups backups) =>
        Akka.Actor.Props.Create(() => new TableCatalog(directory, partitions, time, transition, partitionCount, region, peers, indexBuildTimeout, timeToLiveTransition,
            account, backups));

    readonly string _account;
    readonly TableBackups _backupFiles;

    public TableCatalog(TableDirectory directory, IActorRef partitions, TimeProvider time, TimeSpan transition, int partitionCount, string region,
        PeerDirectory peers, TimeSpan indexBuildTimeout, TimeSpan timeToLiveTransition, string account, TableBackups backups)
    {
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
        Command<AddReplica>(AddReplicaCommand);
        Command<RemoveReplica>(RemoveReplicaCommand);
        Command<InstallReplica>(Install);
        Command<ReplicasChanged>(OnReplicasChanged);
        Command<ReplicaFillProgress>(OnFillProgress);
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
                t.Status is TableStatus.CREATING or TableStatus.UPDATING && !IsFilling(t) && !_indexesPending.Contains(t.TableId)
                && t.Restore is not { RestoreInProgress: true })
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
            var delay = TimeSpan.FromTicks(_transition.Ticks << Math.Min(refusals, IndexRetryDoublingsMax));
            Timers.StartSingleTimer("indexes-" + t.Name, new DefineTableIndexes(t.Name, t.TableId), delay);
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

    /// <summary>A new replica here stays CREATING until its peers have filled it, not for a fixed time.</summary>
    bool IsFilling(TableDefinition t) =>
        t.Replicas?.Any(r => r.RegionName == _region && r.Status == ReplicaStatus.CREATING) == true;

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
            sender.Tell(new CatalogResult(null, DynamoException.ResourceInUse($"Attempt to change a resource which is still in use: Table is being {StatusVerb(current.Status)}: {u.TableName}")));
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
            sender.Tell(new CatalogResult(null, DynamoException.ResourceInUse($"Attempt to change a resource which is still in use: Table is being {StatusVerb(current.Status)}: {d.TableName}")));
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

    void AddReplicaCommand(AddReplica a)
    {
        var sender = Sender;
        if (!_tables.TryGetValue(a.TableName, out var current))
        {
            sender.Tell(new CatalogResult(null, DynamoException.ResourceNotFound($"Requested resource not found: Table: {a.TableName} not found")));
            return;
        }
        TableDefinition updated;
        try { updated = ReplicaRules.Add(current, _region, a.Region, _peers.Regions, _time.GetUtcNow()); }
        catch (DynamoException e) { sender.Tell(new CatalogResult(null, e)); return; }
        PersistRequested(new TableDefined(updated with { Status = TableStatus.UPDATING }), sender, e =>
        {
            ScheduleTransition(e.Table);
            TellRegion(a.Region, new InstallReplica(e.Table));
            foreach (var peer in e.Table.PeerRegions(_region).Where(r => r != a.Region))
                TellRegion(peer, new ReplicasChanged(e.Table.Name, e.Table.Replicas!));
        });
    }

    void RemoveReplicaCommand(RemoveReplica r)
    {
        var sender = Sender;
        if (!_tables.TryGetValue(r.TableName, out var current))
        {
            sender.Tell(new CatalogResult(null, DynamoException.ResourceNotFound($"Requested resource not found: Table: {r.TableName} not found")));
            return;
        }
        TableDefinition updated;
        try { updated = ReplicaRules.Remove(current, _region, r.Region, _peers.Regions); }
        catch (DynamoException e) { sender.Tell(new CatalogResult(null, e)); return; }
        PersistRequested(new TableDefined(updated with { Status = TableStatus.UPDATING }), sender, e =>
        {
            ScheduleTransition(e.Table);
            TellRegion(r.Region, new DropReplica(e.Table.Name));
            foreach (var peer in e.Table.PeerRegions(_region))
                TellRegion(peer, new ReplicasChanged(e.Table.Name, e.Table.Replicas ?? []));
        });
    }

    void Install(InstallReplica i)
    {
        if (_tables.TryGetValue(i.Table.Name, out var existing) && existing.Status != TableStatus.DELETING)
        {
            // Already here (a repeated message): take the newer replica set only.
            OnReplicasChanged(new ReplicasChanged(i.Table.Name, i.Table.Replicas ?? []));
            return;
        }
        var table = i.Table with
        {
            TableId = Guid.NewGuid().ToString(),
            Status = TableStatus.CREATING,
            CreationDateTime = _time.GetUtcNow(),
            PartitionCount = _partitionCount,
            Tags = null,
        };
        Persist(new TableDefined(table), e =>
        {
            Apply(e);
            if (e.Table.SecondaryIndexes.Count > 0) DefinePartitionIndexes(e.Table);
        });
    }

    void OnReplicasChanged(ReplicasChanged c)
    {
        if (!_tables.TryGetValue(c.TableName, out var t) || t.Status == TableStatus.DELETING) return;
        var mine = t.Replicas?.FirstOrDefault(r => r.RegionName == _region);
        var replicas = c.Replicas.Select(r => r.RegionName == _region && mine is not null ? mine : r).ToList();
        if (replicas.All(r => r.RegionName != _region)) return; // This region was removed; DropReplica follows.
        Persist(new TableDefined(t with { Replicas = replicas.Count > 1 ? replicas : null }), Apply);
    }

    void OnFillProgress(ReplicaFillProgress p)
    {
        if (!_tables.TryGetValue(p.TableName, out var t) || t.Status != TableStatus.CREATING || t.Replicas is null) return;
        // Snapshot chunks arrive out of order; progress only moves forward.
        var previous = _fills.GetValueOrDefault((p.TableName, p.SourceRegion), (0, -1));
        _fills[(p.TableName, p.SourceRegion)] = previous.Target == p.Target ? (Math.Max(previous.Applied, p.Applied), p.Target) : (p.Applied, p.Target);
        var sources = t.PeerRegions(_region).ToList();
        var reported = sources.Select(s => _fills.GetValueOrDefault((p.TableName, s), (0, -1))).ToList();
        bool done = reported.All(f => f.Target >= 0 && f.Applied >= f.Target);
        long target = reported.Sum(f => Math.Max(0, f.Target)), applied = reported.Sum(f => Math.Min(f.Applied, Math.Max(0, f.Target)));
        if (done)
        {
            // Filled, but not ACTIVE before every partition has its indexes: OnIndexesBuilt activates it then.
            if (!_indexesPending.Contains(t.TableId)) ActivateReplica(t);
            return;
        }
        // Not done: a source that has not reported yet counts nothing, so the sum alone could read 100.
        int percent = target == 0 ? 0 : (int)Math.Min(99, applied * 100 / target);
        var mine = t.Replicas.First(r => r.RegionName == _region);
        if (mine.PercentProgress == percent) return;
        // Progress is not worth a journal row; it is published and told to the peers only.
        var progressed = ReplicaRules.WithReplicaStatus(t, _region, ReplicaStatus.CREATING, percent);
        Apply(new TableDefined(progressed));
        TellPeers(progressed, new ReplicasChanged(progressed.Name, progressed.Replicas!));
    }

    bool FillDone(TableDefinition t) =>
        t.PeerRegions(_region).All(s => _fills.TryGetValue((t.Name, s), out var f) && f.Target >= 0 && f.Applied >= f.Target);

    /// <summary>The new replica here is filled and indexed: ACTIVE, here and at every peer.</summary>
    void ActivateReplica(TableDefinition t)
    {
        var active = ReplicaRules.WithReplicaStatus(t, _region, ReplicaStatus.ACTIVE, null) with { Status = TableStatus.ACTIVE };
        Persist(new TableDefined(active), e =>
        {
            Apply(e);
            TellPeers(e.Table, new ReplicasChanged(e.Table.Name, e.Table.Replicas!));
        });
    }

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

    static string StatusVerb(TableStatus s) => s switch
    {
        TableStatus.CREATING => "created",
        TableStatus.UPDATING => "updated",
        TableStatus.DELETING => "deleted",
        _ => "used",
    };

    void ScheduleTransition(TableDefinition t) =>
        Timers.StartSingleTimer("transition-" + t.Name, new FinishTransition(t.Name, t.TableId), _transition);

    /// <summary>The tables (by id) whose partitions have not all taken their current indexes; they stay CREATING or UPDATING.</summary>
    readonly HashSet<string> _indexesPending = [];

    /// <summary>How often each table's (by id) partitions refused its indexes since they last took them.</summary>
    readonly Dictionary<string, int> _indexesRefused = [];

    /// <summary>The retry delay doubles from the table transition up to 2^7 times it (26 s at 200 ms).</summary>
    const int IndexRetryDoublingsMax = 7;

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
        if (t.Status == TableStatus.CREATING && IsFilling(t) && FillDone(t)) ActivateReplica(t);
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
