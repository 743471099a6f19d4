using Akka.Actor;
using Akka.Event;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Region.Catalog;

/// <summary>
/// The replica life cycle (docs/replication.md). UpdateTable adds a replica: the source turns UPDATING and answers once the
/// new region shows the table, CREATING. The peers fill it; then every peer records it ACTIVE, the source leaving UPDATING
/// in the same event, and only then does the new region turn ACTIVE.
/// </summary>
public sealed partial class TableCatalog
{
    /// <summary>While a replica here is filled: how far each (table, source) has come, in items.</summary>
    readonly Dictionary<(string Table, string Source), (long Applied, long Target)> _fills = new();

    /// <summary>Per table filled here: the peers that have not yet answered that they hold the replica ACTIVE.</summary>
    readonly Dictionary<string, HashSet<string>> _filledUnnoted = new();

    /// <summary>How often a message to a peer (by its timer key) went unanswered in a row, for the doubling retry delay.</summary>
    readonly Dictionary<string, int> _unanswered = new();

    /// <summary>How long the catalog waits for a peer region's catalog to answer.</summary>
    readonly TimeSpan _peerAskTimeout;

    void ReceiveReplicas()
    {
        Command<AddReplica>(AddReplicaCommand);
        Command<RemoveReplica>(RemoveReplicaCommand);
        Command<InstallReplica>(Install);
        Command<InstallAnswered>(OnInstallAnswered);
        Command<RetryInstall>(r =>
        {
            if (_tables.TryGetValue(r.TableName, out var t) && IsCreating(t, r.Region)) InstallAt(t, r.Region, null, null);
        });
        Command<ReplicasChanged>(OnReplicasChanged);
        Command<ReplicaStatusReported>(OnStatusReported);
        Command<ReplicaFillProgress>(OnFillProgress);
        Command<ReplicaFilled>(OnReplicaFilled);
        Command<ReplicaFilledNoted>(OnFilledNoted);
        Command<ResendReplicaFilled>(r => ResendFilled(r.TableName));
    }

    /// <summary>A new replica here stays CREATING until its peers have filled it, not for a fixed time.</summary>
    bool IsFilling(TableDefinition t) => IsCreating(t, _region);

    static bool IsCreating(TableDefinition t, string region) =>
        t.Replicas?.Any(r => r.RegionName == region && r.Status == ReplicaStatus.CREATING) == true;

    /// <summary>
    /// Nothing holds the table in CREATING or UPDATING any longer: no replica is being created (here or, for the source,
    /// elsewhere), its partitions have their indexes, and no restore is filling it.
    /// </summary>
    bool Settled(TableDefinition t) =>
        t.Replicas?.Any(r => r.Status == ReplicaStatus.CREATING) != true && !_indexesPending.Contains(t.TableId)
        && t.Restore is not { RestoreInProgress: true };

    void AddReplicaCommand(AddReplica a)
    {
        var sender = Sender;
        if (ReplicaChange(a.TableName, sender, t => ReplicaRules.Add(t, _region, a.Region, _peers.Regions, _time.GetUtcNow())) is not { } updated) return;
        // No transition timer: the table stays UPDATING until the new replica is filled (OnReplicaFilled).
        PersistRequested(new TableDefined(updated with { Status = TableStatus.UPDATING }), sender, new CatalogResult(null, DynamoException.InternalServerError()), e =>
        {
            Apply(e);
            var answer = new CatalogResult(e.Table, null, LastSequenceNr);
            foreach (var peer in e.Table.PeerRegions(_region).Where(r => r != a.Region))
                TellRegion(peer, new ReplicasChanged(e.Table.Name, e.Table.Replicas!));
            // UpdateTable answers once the new region shows the table, so that a DescribeTable there right after finds it.
            InstallAt(e.Table, a.Region, sender, answer);
        });
    }

    /// <summary>The table after <paramref name="rule"/>; or null, once the requester has heard why not (no such table, or the rule's refusal).</summary>
    TableDefinition? ReplicaChange(string tableName, IActorRef requester, Func<TableDefinition, TableDefinition> rule)
    {
        if (!_tables.TryGetValue(tableName, out var current))
        {
            requester.Tell(new CatalogResult(null, DynamoException.ResourceNotFound($"Requested resource not found: Table: {tableName} not found")));
            return null;
        }
        try { return rule(current); }
        catch (DynamoException e)
        {
            requester.Tell(new CatalogResult(null, e));
            return null;
        }
    }

    void RemoveReplicaCommand(RemoveReplica r)
    {
        var sender = Sender;
        if (ReplicaChange(r.TableName, sender, t => ReplicaRules.Remove(t, _region, r.Region, _peers.Regions)) is not { } updated) return;
        PersistRequested(new TableDefined(updated with { Status = TableStatus.UPDATING }), sender, e =>
        {
            ScheduleTransition(e.Table);
            TellRegion(r.Region, new DropReplica(e.Table.Name));
            foreach (var peer in e.Table.PeerRegions(_region))
                TellRegion(peer, new ReplicasChanged(e.Table.Name, e.Table.Replicas ?? []));
        });
    }

    /// <summary>
    /// Asks the new replica region to create the table, off this actor's thread; the answer, or its absence, comes back as
    /// <see cref="InstallAnswered"/>, and <paramref name="requester"/> hears <paramref name="answer"/> then.
    /// </summary>
    void InstallAt(TableDefinition t, string region, IActorRef? requester, CatalogResult? answer)
    {
        var asked = _peers.Select(Context.System, region, "/user/catalog") is { } catalog
            ? catalog.Ask<ReplicaInstalled>(new InstallReplica(t), _peerAskTimeout)
            : Task.FromException<ReplicaInstalled>(new InvalidOperationException($"{region} is not known"));
        asked.PipeTo(Self,
            success: _ => new InstallAnswered(t.Name, region, true, requester, answer),
            failure: _ => new InstallAnswered(t.Name, region, false, requester, answer));
    }

    /// <summary>
    /// The client hears either way: the replica is added here, and a region that did not answer is asked again until it
    /// does, with a doubling delay.
    /// </summary>
    void OnInstallAnswered(InstallAnswered a)
    {
        a.Requester?.Tell(a.Answer);
        string key = $"install-{a.TableName}-{a.Region}";
        if (a.Installed)
        {
            _unanswered.Remove(key);
            return;
        }
        int misses = _unanswered.GetValueOrDefault(key);
        if (misses == 0) _log.Warning("{0} did not answer the installation of its replica of {1}; asking again until it does", a.Region, a.TableName);
        _unanswered[key] = misses + 1;
        Timers.StartSingleTimer(key, new RetryInstall(a.TableName, a.Region), RetryDelay(misses));
    }

    /// <summary>The delay doubles from the table transition up to 2^<see cref="RetryDoublingsMax"/> times it.</summary>
    TimeSpan RetryDelay(int misses) => TimeSpan.FromTicks(_transition.Ticks << Math.Min(misses, RetryDoublingsMax));

    void Install(InstallReplica i)
    {
        var sender = Sender;
        if (_tables.TryGetValue(i.Table.Name, out var existing) && existing.Status != TableStatus.DELETING)
        {
            // Already here (a repeated message): take the newer replica set only.
            OnReplicasChanged(new ReplicasChanged(i.Table.Name, i.Table.Replicas ?? []));
            sender.Tell(new ReplicaInstalled(i.Table.Name));
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
            // Published to this node's directory by now: a DescribeTable here finds the table.
            sender.Tell(new ReplicaInstalled(e.Table.Name));
            if (e.Table.SecondaryIndexes.Count > 0) DefinePartitionIndexes(e.Table);
        });
    }

    void OnReplicasChanged(ReplicasChanged c)
    {
        if (!_tables.TryGetValue(c.TableName, out var t) || t.Status == TableStatus.DELETING) return;
        var mine = t.Replicas?.FirstOrDefault(r => r.RegionName == _region);
        var replicas = c.Replicas.Select(r => r.RegionName == _region && mine is not null ? mine : r).ToList();
        if (replicas.All(r => r.RegionName != _region)) return; // This region was removed; DropReplica follows.
        Persist(new TableDefined(t with { Replicas = replicas.Count > 1 ? replicas : null }), e =>
        {
            Apply(e);
            // A replica being created may have gone (removed through another region): nothing holds the table then.
            if (e.Table.Status == TableStatus.UPDATING) Self.Tell(new FinishTransition(e.Table.Name, e.Table.TableId));
        });
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
            // Filled, but not ACTIVE before every partition has its indexes: OnIndexesBuilt announces it then.
            if (!_indexesPending.Contains(t.TableId)) AnnounceFilled(t);
            return;
        }
        // Not done: a source that has not reported yet counts nothing, so the sum alone could read 100.
        int percent = target == 0 ? 0 : (int)Math.Min(99, applied * 100 / target);
        var mine = t.Replicas.First(r => r.RegionName == _region);
        if (mine.PercentProgress is { } shown && shown >= percent) return;
        // Progress is not worth a journal row; it is published and told to the peers only.
        var progressed = ReplicaRules.WithReplicaStatus(t, _region, ReplicaStatus.CREATING, percent);
        Apply(new TableDefined(progressed));
        TellPeers(progressed, new ReplicaStatusReported(progressed.Name, _region, ReplicaStatus.CREATING, percent));
    }

    bool FillDone(TableDefinition t) =>
        t.PeerRegions(_region).All(s => _fills.TryGetValue((t.Name, s), out var f) && f.Target >= 0 && f.Applied >= f.Target);

    /// <summary>The replica here is filled and indexed: every peer records it ACTIVE first, then this region turns ACTIVE.</summary>
    void AnnounceFilled(TableDefinition t)
    {
        if (_filledUnnoted.ContainsKey(t.Name)) return; // Announced already; the timer sends it again.
        var peers = t.PeerRegions(_region).ToHashSet(StringComparer.Ordinal);
        if (peers.Count == 0)
        {
            ActivateReplica(t);
            return;
        }
        _filledUnnoted[t.Name] = peers;
        _unanswered.Remove("filled-" + t.Name);
        SendFilled(t.Name, peers);
    }

    void SendFilled(string tableName, IEnumerable<string> peers)
    {
        foreach (var peer in peers) TellRegion(peer, new ReplicaFilled(tableName, _region));
        string key = "filled-" + tableName;
        int misses = _unanswered.GetValueOrDefault(key);
        _unanswered[key] = misses + 1;
        Timers.StartSingleTimer(key, new ResendReplicaFilled(tableName), RetryDelay(misses));
    }

    void ResendFilled(string tableName)
    {
        if (!_filledUnnoted.TryGetValue(tableName, out var waiting)) return;
        if (!_tables.TryGetValue(tableName, out var t) || !IsFilling(t))
        {
            _filledUnnoted.Remove(tableName);
            return;
        }
        // A peer removed from the replica set meanwhile has nothing to record.
        waiting.IntersectWith(t.PeerRegions(_region));
        if (waiting.Count == 0) Activate(t);
        else SendFilled(tableName, waiting);
    }

    /// <summary>
    /// At a peer of a filled replica: it is ACTIVE here from now on. The source leaves UPDATING in the same event, before
    /// it answers, so the new region, which turns ACTIVE on the answers, is never seen ACTIVE while its source is UPDATING.
    /// </summary>
    void OnReplicaFilled(ReplicaFilled f)
    {
        var sender = Sender;
        var noted = new ReplicaFilledNoted(f.TableName, _region);
        if (!_tables.TryGetValue(f.TableName, out var t) || t.Status == TableStatus.DELETING || WithReplicaActive(t, f.Region) is not { } active)
        {
            // Nothing here waits for that replica, or it is recorded already.
            sender.Tell(noted);
            return;
        }
        Persist(new TableDefined(active), e =>
        {
            Apply(e);
            sender.Tell(noted);
        });
    }

    /// <summary>
    /// The table with the replica in <paramref name="region"/> ACTIVE, out of UPDATING if nothing else holds it; null if
    /// that changes nothing, or the table has no such replica.
    /// </summary>
    TableDefinition? WithReplicaActive(TableDefinition t, string region)
    {
        if (t.Replicas?.Any(r => r.RegionName == region) != true) return null;
        var active = ReplicaRules.Reported(t, region, ReplicaStatus.ACTIVE, null) ?? t;
        if (active.Status == TableStatus.UPDATING && Settled(active)) active = active with { Status = TableStatus.ACTIVE };
        return ReferenceEquals(active, t) ? null : active;
    }

    void OnFilledNoted(ReplicaFilledNoted n)
    {
        if (!_filledUnnoted.TryGetValue(n.TableName, out var waiting) || !waiting.Remove(n.Region) || waiting.Count > 0) return;
        if (_tables.TryGetValue(n.TableName, out var t) && IsFilling(t)) Activate(t);
        else _filledUnnoted.Remove(n.TableName);
    }

    void Activate(TableDefinition t)
    {
        _filledUnnoted.Remove(t.Name);
        _unanswered.Remove("filled-" + t.Name);
        Timers.Cancel("filled-" + t.Name);
        ActivateReplica(t);
    }

    /// <summary>The new replica here is filled, indexed and ACTIVE at every peer: ACTIVE here too.</summary>
    void ActivateReplica(TableDefinition t)
    {
        var active = ReplicaRules.WithReplicaStatus(t, _region, ReplicaStatus.ACTIVE, null) with { Status = TableStatus.ACTIVE };
        Persist(new TableDefined(active), e =>
        {
            Apply(e);
            // A peer that missed ReplicaFilled (removed from the set and added back meanwhile) learns it here.
            TellPeers(e.Table, new ReplicaStatusReported(e.Table.Name, _region, ReplicaStatus.ACTIVE, null));
        });
    }

    /// <summary>
    /// At a peer: a replica's own status. Progress is published only, as in the replica's region; ACTIVE is recorded,
    /// and releases an UPDATING that waited for it alone.
    /// </summary>
    void OnStatusReported(ReplicaStatusReported r)
    {
        if (!_tables.TryGetValue(r.TableName, out var t) || t.Status == TableStatus.DELETING) return;
        var changed = r.Status == ReplicaStatus.ACTIVE ? WithReplicaActive(t, r.Region) : ReplicaRules.Reported(t, r.Region, r.Status, r.PercentProgress);
        if (changed is null) return;
        if (r.Status == ReplicaStatus.ACTIVE) Persist(new TableDefined(changed), Apply);
        else Apply(new TableDefined(changed));
    }

    /// <summary>After a restart: a replica added here whose region has not answered yet is asked again (it is idempotent).</summary>
    void ResumeInstalls(TableDefinition t)
    {
        if (t.Status != TableStatus.UPDATING) return;
        foreach (var r in t.Replicas ?? [])
            if (r.RegionName != _region && r.Status == ReplicaStatus.CREATING) InstallAt(t, r.RegionName, null, null);
    }
}
