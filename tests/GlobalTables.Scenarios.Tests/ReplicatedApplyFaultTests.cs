using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// A replica whose journal fails or refuses the replicated writes it applies: it holds none of them while the
/// journal is faulty, nothing acknowledged at the source is lost, and it converges once the journal heals.
/// </summary>
public sealed class ReplicatedApplyFaultTests
{
    public static TheoryData<JournalFaultKind> Kinds => new() { JournalFaultKind.Fail, JournalFaultKind.Reject };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Replicated_writes_a_replica_cannot_keep_are_delivered_once_its_journal_heals(JournalFaultKind kind)
    {
        await using var host = await StartAsync([Us, Eu], simulateLatency: false, configOverrides: FaultyJournal.ConfigOverride);
        const string table = "faulty";
        await host.CreateTableAsync(Us, table);
        await host.AddReplicaAsync(Us, table, Eu);
        var faults = JournalFaults.Get(host.Node(Eu).System);
        var fault = faults.Add(JournalFault.PersistenceId(table + "@"), kind);

        for (int i = 0; i < 20; i++)
            await host.Client(Us).PutItemAsync(table, new() { ["pk"] = new($"k{i}"), ["v"] = new("us") });
        await UntilAsync(() => Task.FromResult(fault.Matched >= 2), TimeSpan.FromSeconds(30), () => $"{fault.Matched} applies reached the journal");
        // Nothing the journal did not keep is served, and the source still has every write it acknowledged. A
        // partition its journal failed answers 500 while it restarts (and the source's retries keep failing it),
        // so each read is retried until it answers; a few keys make the point.
        foreach (var i in new[] { 0, 7, 19 })
        {
            GetItemResponse? read = null;
            await UntilAsync(async () =>
            {
                try { read = await host.Client(Eu).GetItemAsync(table, new() { ["pk"] = new($"k{i}") }); }
                catch (InternalServerErrorException) { return false; }
                return true;
            }, TimeSpan.FromSeconds(30), () => $"every read of k{i} answered 500");
            Assert.False(read!.IsItemSet, $"k{i} is served before the journal kept it");
        }
        Assert.Equal(20, (await host.DumpAsync(Us, table)).Count);

        faults.Heal();
        var converged = await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(60));
        Assert.Equal(20, converged[Eu].Count);
        Assert.All(converged[Eu].Values, item => Assert.Equal("us", item.Image!["v"].S));
    }
}
