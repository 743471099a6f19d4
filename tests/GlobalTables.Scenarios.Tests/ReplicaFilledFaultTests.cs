using GlobalTables.Region.Catalog;
using GlobalTables.Testing;
using static GlobalTables.Scenarios.Tests.ScenarioHost;
using ModelReplicaStatus = GlobalTables.Model.Tables.ReplicaStatus;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// The source's journal fails or refuses the event that records a filled replica ACTIVE (docs/replication.md, step 3):
/// the source does not record it, the new replica is not ACTIVE before the source is, and both turn ACTIVE once the
/// journal takes a later attempt (the new replica's ReplicaFilled, sent again with a doubling delay).
/// </summary>
public sealed class ReplicaFilledFaultTests
{
    public static TheoryData<JournalFaultKind> Kinds => new() { JournalFaultKind.Fail, JournalFaultKind.Reject };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_replica_the_source_could_not_record_active_turns_active_once_its_journal_takes_it(JournalFaultKind kind)
    {
        await using var host = await StartAsync([Us, Eu], simulateLatency: false, configOverrides: FaultyJournal.ConfigOverride);
        const string table = "filled";
        await host.CreateTableAsync(Us, table);
        var fault = JournalFaults.Get(host.Node(Us).System).Add(
            w => w.PersistenceId == "catalog" && w.Payload is TableDefined { Table.Replicas: { } replicas }
                && replicas.Any(r => r.RegionName == Eu && r.Status == ModelReplicaStatus.ACTIVE),
            kind, times: 2);

        // Waits until both regions show the replica ACTIVE and the source's table ACTIVE.
        await host.AddReplicaAsync(Us, table, Eu);

        Assert.Equal(2, fault.Matched);
        foreach (var region in new[] { Us, Eu })
        {
            var described = (await host.Client(region).DescribeTableAsync(table)).Table;
            Assert.Equal(Amazon.DynamoDBv2.TableStatus.ACTIVE, described.TableStatus);
            Assert.All(described.Replicas, r => Assert.Equal(Amazon.DynamoDBv2.ReplicaStatus.ACTIVE, r.ReplicaStatus));
        }
    }
}
