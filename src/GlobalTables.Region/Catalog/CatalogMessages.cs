using Akka.Actor;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Serialization;

namespace GlobalTables.Region.Catalog;

public sealed record CreateTable(CreateTableRequest Request);

/// <param name="IndexUpdates">GlobalSecondaryIndexUpdates, with the request's AttributeDefinitions for new index keys.</param>
public sealed record UpdateTable(string TableName, string? BillingMode, long? ReadCapacityUnits, long? WriteCapacityUnits,
    Model.Streams.StreamSpecification? Stream = null, IReadOnlyList<Model.Indexes.GlobalIndexUpdate>? IndexUpdates = null,
    IReadOnlyList<(string Name, string Type)>? AttributeDefinitions = null);

public sealed record DeleteTable(string TableName);

/// <summary>TagResource: set these tags on the table, already checked one by one.</summary>
public sealed record TagTable(string TableName, IReadOnlyList<TableTag> Tags);

/// <summary>UpdateTimeToLive, its specification already shape-checked.</summary>
public sealed record UpdateTimeToLive(string TableName, bool Enabled, string AttributeName);

/// <summary>UntagResource: remove the tags with these keys.</summary>
public sealed record UntagTable(string TableName, IReadOnlyList<string> Keys);

/// <summary>The catalog's answer: the table as it now stands, or DynamoDB's error.</summary>
/// <param name="Version">The catalog's journal position with the change in it: a node's directory shows the change once it reaches it.</param>
public sealed record CatalogResult(TableDefinition? Table, DynamoException? Error, long Version = 0);

/// <summary>
/// From a node's <see cref="DirectorySubscriber"/>: send this node every change of the tables. The catalog answers with a
/// <see cref="DirectoryChanged"/> at once and watches the subscriber.
/// </summary>
public sealed record SubscribeDirectory : IGlobalTablesMessage
{
    public static readonly SubscribeDirectory Instance = new();
}

/// <summary>
/// The catalog's tables as of its journal position <paramref name="Version"/>. <paramref name="Tables"/> is null for a
/// subscriber on the catalog's own node, whose directory the catalog writes itself.
/// </summary>
public sealed record DirectoryChanged(IReadOnlyList<TableDefinition>? Tables, long Version) : IGlobalTablesMessage;

/// <summary>Answers once this node's directory holds the catalog's tables; replies <see cref="DirectoryChanged"/> without tables.</summary>
public sealed record AwaitDirectory
{
    public static readonly AwaitDirectory Instance = new();
}

/// <summary>Ends a CREATING or UPDATING transition.</summary>
internal sealed record FinishTransition(string TableName, string TableId);

internal sealed record FinishDeletion(string TableName, string TableId);

/// <summary>From the API: add a replica of a table in another region (UpdateTable ReplicaUpdates Create).</summary>
public sealed record AddReplica(string TableName, string Region);

/// <summary>From the API: remove a replica (UpdateTable ReplicaUpdates Delete).</summary>
public sealed record RemoveReplica(string TableName, string Region);

/// <summary>A catalog command that crosses regions over Akka.Remote.</summary>
public interface ICatalogCommand : Serialization.IGlobalTablesMessage;

/// <summary>
/// To a new replica region: create the table there, CREATING until every peer has filled it. Answered with
/// <see cref="ReplicaInstalled"/> once its directory shows the table.
/// </summary>
public sealed record InstallReplica(TableDefinition Table) : ICatalogCommand;

/// <summary>From a new replica region: the table is there (CREATING), so UpdateTable may answer.</summary>
public sealed record ReplicaInstalled(string TableName) : ICatalogCommand;

/// <summary>
/// From a new replica region to every peer, once every source has filled it: record the replica ACTIVE (and leave
/// UPDATING if the replica was all that held the table there), then answer <see cref="ReplicaFilledNoted"/>. The new
/// region turns ACTIVE only once every peer has, so no one sees it ACTIVE while its source is still UPDATING.
/// </summary>
public sealed record ReplicaFilled(string TableName, string Region) : ICatalogCommand;

/// <summary>A peer's answer to <see cref="ReplicaFilled"/>: <paramref name="Region"/> holds the replica ACTIVE.</summary>
public sealed record ReplicaFilledNoted(string TableName, string Region) : ICatalogCommand;

/// <summary>
/// From a replica being filled, to every peer: its own status, progress while it fills and then ACTIVE. Unlike
/// <see cref="ReplicasChanged"/> it carries no replica set, so a report that crosses a later change of the set undoes nothing.
/// </summary>
public sealed record ReplicaStatusReported(string TableName, string Region, ReplicaStatus Status, int? PercentProgress) : ICatalogCommand;

/// <summary>From the region that changed a table's replica set, to every replica: the replica set (and statuses) is now this.</summary>
public sealed record ReplicasChanged(string TableName, IReadOnlyList<ReplicaInfo> Replicas) : ICatalogCommand;

/// <summary>In a new replica region: how far one source's backfill has come, in journal orderings.</summary>
public sealed record ReplicaFillProgress(string TableName, string SourceRegion, long Applied, long Target) : ICatalogCommand;

/// <summary>To every replica: billing mode and throughput stay in step.</summary>
public sealed record ReplicaSettingsChanged(string TableName, BillingMode BillingMode, long ReadCapacityUnits, long WriteCapacityUnits) : ICatalogCommand;

/// <summary>To every replica: a replica changed the table's secondary indexes; each builds or drops them itself.</summary>
public sealed record ReplicaIndexesChanged(string TableName, IReadOnlyList<Model.Indexes.SecondaryIndexDefinition> Indexes,
    IReadOnlyList<KeyAttribute> AttributeDefinitions) : ICatalogCommand;

/// <summary>To a region leaving the replica set: delete its copy.</summary>
public sealed record DropReplica(string TableName) : ICatalogCommand;

/// <summary>Tell the table's partitions its secondary indexes (again).</summary>
internal sealed record DefineTableIndexes(string TableName, string TableId);

/// <summary>Every partition of the table has taken <paramref name="Indexes"/> and built what it added.</summary>
internal sealed record IndexesBuilt(string TableName, string TableId, Model.Partitions.IndexesDefined Indexes, IReadOnlyList<Partitions.IndexesReady> Partitions);

internal sealed record IndexesNotBuilt(string TableName, string TableId, string Cause);

/// <summary>The new replica region answered <see cref="InstallReplica"/>, or did not in time; the UpdateTable that added it hears <paramref name="Answer"/>.</summary>
internal sealed record InstallAnswered(string TableName, string Region, bool Installed, IActorRef? Requester, CatalogResult? Answer);

/// <summary>Send <see cref="InstallReplica"/> again: the new replica region did not answer.</summary>
internal sealed record RetryInstall(string TableName, string Region);

/// <summary>Send <see cref="ReplicaFilled"/> again to the peers that have not answered.</summary>
internal sealed record ResendReplicaFilled(string TableName);
