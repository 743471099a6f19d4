using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Region.Catalog;

/// <summary>
/// The region's tables, event-sourced. Rules live in <see cref="TableValidation"/>; this actor
/// orders the changes, persists them, runs the status transitions and publishes to the directory.
/// </summary>
public sealed class TableCatalog : ReceivePersistentActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;
    readonly TableDirectory _directory;
    readonly IActorRef _partitions;
    readonly TimeProvider _time;
    readonly TimeSpan _transition;
    readonly int _partitionCount;
    ImmutableSortedDictionary<string, TableDefinition> _tables =
        ImmutableSortedDictionary<string, TableDefinition>.Empty.WithComparers(StringComparer.Ordinal);

    public override string PersistenceId => "catalog";

    public static Props Props(TableDirectory directory, IActorRef partitions, TimeProvider time, TimeSpan transition, int partitionCount) =>
        Akka.Actor.Props.Create(() => new TableCatalog(directory, partitions, time, transition, partitionCount));

    public TableCatalog(TableDirectory directory, IActorRef partitions, TimeProvider time, TimeSpan transition, int partitionCount)
    {
        _directory = directory;
        _partitions = partitions;
        _time = time;
        _transition = transition;
        _partitionCount = partitionCount;

        Recover<TableDefined>(Apply);
        Recover<TableRemoved>(Apply);
        Recover<RecoveryCompleted>(_ => ResumeTransitions());

        Command<AwaitRecovery>(_ => Sender.Tell(new CatalogResult(null, null)));
        Command<CreateTable>(Create);
        Command<UpdateTable>(Update);
        Command<DeleteTable>(Delete);
        Command<FinishTransition>(f =>
        {
            if (_tables.TryGetValue(f.TableName, out var t) && t.TableId == f.TableId &&
                t.Status is TableStatus.CREATING or TableStatus.UPDATING)
                Persist(new TableDefined(t with { Status = TableStatus.ACTIVE }), Apply);
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
        _directory.Publish(_tables);
    }

    void Apply(TableRemoved e)
    {
        _tables = _tables.Remove(e.Name);
        _directory.Publish(_tables);
    }

    void ResumeTransitions()
    {
        foreach (var t in _tables.Values)
        {
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
        Persist(new TableDefined(table), e =>
        {
            Apply(e);
            sender.Tell(new CatalogResult(e.Table, null));
            ScheduleTransition(e.Table);
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
        try { updated = TableValidation.Update(current, u.BillingMode, u.ReadCapacityUnits, u.WriteCapacityUnits, _time.GetUtcNow()); }
        catch (DynamoException e) { sender.Tell(new CatalogResult(null, e)); return; }
        Persist(new TableDefined(updated), e =>
        {
            Apply(e);
            sender.Tell(new CatalogResult(e.Table, null));
            ScheduleTransition(e.Table);
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
        Persist(new TableDefined(current with { Status = TableStatus.DELETING }), e =>
        {
            Apply(e);
            sender.Tell(new CatalogResult(e.Table, null));
            DropPartitions(e.Table);
        });
    }

    static string StatusVerb(TableStatus s) => s switch
    {
        TableStatus.CREATING => "created",
        TableStatus.UPDATING => "updated",
        TableStatus.DELETING => "deleted",
        _ => "used",
    };

    void ScheduleTransition(TableDefinition t) =>
        Timers.StartSingleTimer("transition-" + t.Name, new FinishTransition(t.Name, t.TableId), _transition);

    void DropPartitions(TableDefinition t)
    {
        var self = Self;
        var drops = Enumerable.Range(0, t.PartitionCount)
            .Select(p => _partitions.Ask<PartitionDropped>(new PartitionEnvelope(t.PartitionEntityId(p), DropPartition.Instance), TimeSpan.FromSeconds(30)));
        Task.WhenAll(drops).ContinueWith(_ => self.Tell(new FinishDeletion(t.Name, t.TableId)));
    }
}
