using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Transactions;

namespace GlobalTables.Region.Tests.Transactions;

/// <summary>
/// The transaction coordinator saves its ledger as a snapshot every N events and deletes its journal below it, so its
/// journal stays within one snapshot interval; the idempotency tokens and the ledger survive the trim and a restart.
/// </summary>
public sealed class CoordinatorSnapshotTests : RegionNodeTests
{
    // Three events a transaction: a snapshot every two transactions.
    protected override string Config => "globaltables.snapshots.after-events = 6";

    TableDefinition Table => Node.Tables.Find("Tx")!;

    IReadOnlyList<TransactionAction> Puts(string value) => new[] { "a", "b" }.Select((pk, i) => new TransactionAction(i,
        Table.PartitionEntityId(new ItemKey(AttributeValue.FromS(pk), null).PartitionOf(Table.PartitionCount)),
        new PutRequest(new ItemKey(AttributeValue.FromS(pk), null),
            new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk), ["v"] = AttributeValue.FromS(value) }, null, ReturnValue.NONE, false))).ToList();

    async Task<IReadOnlyList<long>> CoordinatorJournalAsync() =>
        (await JournalAsync(TransactionCoordinator.PersistenceIdOf)).Select(e => e.SequenceNr).ToList();

    [Fact]
    public async Task The_journal_stays_within_one_snapshot_interval_and_the_tokens_outlive_it()
    {
        await TestRegion.CreateTableAsync(Node, "Tx");
        for (int i = 0; i < 10; i++)
            Assert.Null((await Node.TransactWriteAsync($"token-{i}", $"hash-{i}", Puts($"v{i}"))).Error);

        // 30 events: a snapshot once 6 went by (and no save is running), each followed by the deletion of the
        // journal below it, so fewer than 6 stay.
        await UntilJournalAsync(kept => kept.Count < 6 && kept.All(s => s > 24), "the coordinator's journal");

        await RestartAsync();
        // The token of a committed transaction is still known: the same request succeeds without running again,
        // and another request with it is refused.
        Assert.Null((await Node.TransactWriteAsync("token-0", "hash-0", Puts("again"))).Error);
        Assert.Equal("v9", (await Node.ReadAsync(Table, new ItemKey(AttributeValue.FromS("a"), null))).Image!["v"].S);
        Assert.Equal(ErrorCode.IdempotentParameterMismatch, (await Node.TransactWriteAsync("token-9", "other", Puts("x"))).Error?.Code);

        Assert.Null((await Node.TransactWriteAsync("token-10", "hash-10", Puts("v10"))).Error);
        Assert.Equal("v10", (await Node.ReadAsync(Table, new ItemKey(AttributeValue.FromS("b"), null))).Image!["v"].S);
        // The deletion after the restart's snapshot runs in the background: wait for it, with a deadline.
        await UntilJournalAsync(kept => kept.Count < 6, "after the restart the coordinator's journal");
    }

    /// <summary>Polls the coordinator's journal, whose deletions run in the background, until <paramref name="done"/> holds; 10 s at most.</summary>
    Task UntilJournalAsync(Func<IReadOnlyList<long>, bool> done, string what) =>
        Eventually.ReadAsync(CoordinatorJournalAsync, done, kept => $"{what} still holds {string.Join(", ", kept)}");
}
