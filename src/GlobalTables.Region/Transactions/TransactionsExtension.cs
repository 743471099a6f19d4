using Akka.Actor;
using GlobalTables.Model.Items;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Transactions;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Region.Transactions;

/// <summary>
/// The region's transaction coordinator, as an Akka extension loaded when the ActorSystem starts
/// (config <c>akka.extensions</c>), so that recovery re-drives open transactions as soon as the node is up. It is a
/// cluster singleton: two coordinators on one ledger would each presume the other's open transactions aborted.
/// </summary>
public sealed class TransactionsExtension : IExtension
{
    /// <summary>The proxy of the region's coordinator, wherever it runs.</summary>
    public IActorRef Coordinator { get; }

    /// <summary>The faults of the coordinator while it runs on this node.</summary>
    public TransactionFaults Faults { get; } = new();

    public TransactionsExtension(ExtendedActorSystem system)
    {
        Coordinator = Nodes.RegionSingleton.Start(system, Persistence.JournalBackoff.Of(system).Supervise(
            TransactionCoordinator.Props(TimeProvider.System, Faults,
                system.Settings.Config.GetInt("globaltables.snapshots.after-events", 5000)), "coordinator"), TransactionCoordinator.Name, underSystem: true);
    }

    public static TransactionsExtension Get(ActorSystem system) => system.WithExtension<TransactionsExtension, TransactionsProvider>();
}

public sealed class TransactionsProvider : ExtensionIdProvider<TransactionsExtension>
{
    public override TransactionsExtension CreateExtension(ExtendedActorSystem system) => new(system);
}

/// <summary>TransactWriteItems and TransactGetItems on a region.</summary>
public static class TransactionClient
{
    public static async Task<TransactionOutcome> TransactWriteAsync(this RegionNode region, string? token, string requestHash, IReadOnlyList<TransactionAction> actions)
    {
        // Prepare, decide, commit and acknowledge: allow a few round trips beyond one write.
        return await TransactionsExtension.Get(region.System).Coordinator.Ask<TransactionOutcome>(
            new ExecuteTransaction(token, requestHash, actions), region.AskTimeout * 2);
    }

    public static Task<TransactionalRead> ReadForTransactionAsync(this RegionNode region, TableDefinition table, int partition, IReadOnlyList<ItemKey> keys) =>
        region.Partitions.Ask<TransactionalRead>(new PartitionEnvelope(table.PartitionEntityId(partition), new ReadForTransaction(keys)), region.AskTimeout);
}
