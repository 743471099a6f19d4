using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// Journal retention with a peer replica (docs/bounded-state.md): a peer that has not caught up holds the rows it lacks,
/// for replication.peer-hold-max at most; one behind for longer has fallen behind the retained journal, and is refilled
/// from a snapshot when it is reached again. The clock is shifted past the retention rather than waited out.
/// </summary>
public sealed class PeerRetentionTests
{
    const int Writes = 60, SnapshotEvery = 20;

    static async Task<(ScenarioHost Host, ShiftedTime Time)> GlobalTableAsync(string table, TimeSpan peerHoldMax, string moreConfig = "")
    {
        var time = new ShiftedTime();
        var host = await StartAsync([Us, Eu], simulateLatency: false, configOverrides: $"""
            globaltables.partitions-per-table = 1
            globaltables.snapshots.after-events = {SnapshotEvery}
            globaltables.journal-retention.interval = 200ms
            globaltables.replication.peer-hold-max = {(int)peerHoldMax.TotalHours}h
            {moreConfig}
            """, time: time);
        await host.CreateTableAsync(Us, table);
        await host.AddReplicaAsync(Us, table, Eu);
        return (host, time);
    }

    static async Task<IReadOnlyList<long>> UsJournalAsync(ScenarioHost host, string table)
    {
        var node = host.Node(Us);
        var events = await JournalEvents.ReadAsync(node.System, node.Tables.Find(table)!.PartitionEntityId(0));
        return events.Select(e => e.SequenceNr).ToList();
    }

    static async Task WriteAsync(ScenarioHost host, string table, string value)
    {
        for (int i = 0; i < Writes; i++)
            await host.Client(Us).PutItemAsync(table, new() { ["pk"] = new AttributeValue($"k{i}"), ["v"] = new AttributeValue(value) });
    }

    /// <summary>The items a region serves, tombstones left out, with their Versions, in key order.</summary>
    static string LiveItems(Dictionary<Model.Items.ItemKey, Model.Items.StoredItem> dump) =>
        string.Join("\n", dump.Where(e => e.Value.Image is not null).OrderBy(e => e.Key.PartitionKey.S, StringComparer.Ordinal)
            .Select(e => $"{e.Key.PartitionKey.S} {e.Value.Version} {e.Value.Image!["v"].S}"));

    /// <summary>
    /// Until the journal holds nothing at or below <paramref name="sequence"/>. Rows go through the newest mark past the
    /// retention, so up to a snapshot interval of older rows may stay.
    /// </summary>
    static Task UntilTrimmedAsync(ScenarioHost host, string table, long sequence) =>
        UntilAsync(async () => (await UsJournalAsync(host, table)) is { Count: > 0 } kept && kept[0] > sequence, TimeSpan.FromSeconds(30),
            () => $"{Us} still holds events from {UsJournalAsync(host, table).Result.FirstOrDefault()}");

    [Fact]
    public async Task A_peer_that_has_not_caught_up_holds_the_journal_until_it_has()
    {
        // The hold outlasts the retention here, so only the peer keeps the rows.
        var (host, time) = await GlobalTableAsync("held", peerHoldMax: TimeSpan.FromHours(48));
        await using var _ = host;
        await host.PostAsync($"/_admin/regions/{Eu}/isolate");
        await WriteAsync(host, "held", "while-isolated");

        // Past the retention, but eu-west-2 has none of these writes: they stay. Nothing can be awaited for something that
        // must not happen, so five retention passes (200 ms apart) go by before the check.
        time.Offset = TimeSpan.FromHours(25);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True((await UsJournalAsync(host, "held")).Count >= Writes);

        await host.PostAsync($"/_admin/regions/{Eu}/heal");
        await host.WaitConvergedAsync("held", [Us, Eu], TimeSpan.FromSeconds(60));
        // Once it has caught up, it needs them no more.
        await WriteAsync(host, "held", "after-heal");
        await UntilTrimmedAsync(host, "held", Writes - SnapshotEvery);
        var converged = await host.WaitConvergedAsync("held", [Us, Eu], TimeSpan.FromSeconds(60));
        Assert.All(converged[Eu].Values, item => Assert.Equal("after-heal", item.Image!["v"].S));
    }

    [Fact]
    public async Task A_peer_behind_for_longer_than_the_hold_is_refilled_from_a_snapshot()
    {
        var (host, time) = await GlobalTableAsync("refilled", peerHoldMax: TimeSpan.FromHours(12));
        await using var _ = host;
        await host.Client(Us).PutItemAsync("refilled", new() { ["pk"] = new AttributeValue("early"), ["v"] = new AttributeValue("1") });
        await host.WaitConvergedAsync("refilled", [Us, Eu], TimeSpan.FromSeconds(30));
        await host.PostAsync($"/_admin/regions/{Eu}/isolate");
        // The delete comes first, so the journal's deletion passes it while eu-west-2 lacks it: the tombstone must stay.
        await host.Client(Us).DeleteItemAsync("refilled", new() { ["pk"] = new AttributeValue("early") });
        await WriteAsync(host, "refilled", "while-isolated");

        // A day later eu-west-2 still has not caught up: it holds the journal no more, and the rows it lacks go.
        time.Offset = TimeSpan.FromHours(25);
        await WriteAsync(host, "refilled", "a-day-later");
        await UntilTrimmedAsync(host, "refilled", Writes - SnapshotEvery);

        // Reached again, it is filled from a snapshot, deletes included, as a new replica is. The regions may hold a
        // tombstone the other has already dropped, so the items are compared, not the stored state.
        await host.PostAsync($"/_admin/regions/{Eu}/heal");
        await UntilAsync(async () => LiveItems(await host.DumpAsync(Us, "refilled")) == LiveItems(await host.DumpAsync(Eu, "refilled")),
            TimeSpan.FromSeconds(60), () => $"{Eu} holds {LiveItems(host.DumpAsync(Eu, "refilled").Result).Length} chars of items, {Us} {LiveItems(host.DumpAsync(Us, "refilled").Result).Length}");
        var eu = await host.DumpAsync(Eu, "refilled");
        Assert.Equal(Writes, eu.Values.Count(i => i.Image is not null));
        Assert.All(eu.Values.Where(i => i.Image is not null), item => Assert.Equal("a-day-later", item.Image!["v"].S));
        Assert.False((await host.Client(Eu).GetItemAsync("refilled", new() { ["pk"] = new AttributeValue("early") }, true)).IsItemSet);
    }

    [Fact]
    public async Task A_refill_carries_a_write_made_here_that_lost_to_a_later_write_of_the_peer()
    {
        const string table = "merged";
        var (host, time) = await GlobalTableAsync(table, peerHoldMax: TimeSpan.FromHours(12), FaultyJournal.ConfigOverride);
        await using var _ = host;
        static Dictionary<string, AttributeValue> Item(string v) => new() { ["pk"] = new AttributeValue("k"), ["v"] = new AttributeValue(v) };
        await host.Client(Us).PutItemAsync(table, Item("first"));
        var first = (await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30)))[Us].Values.Single().Version.Stamp;

        // eu-west-2's journal refuses every change that carries a later us-east-1 write: us-east-1's link to it fails and retries.
        var faults = JournalFaults.Get(host.Node(Eu).System);
        var refused = faults.Add(JournalFault.ItemChange(c => c.Context[Us] > first), JournalFaultKind.Reject);
        await host.Client(Us).PutItemAsync(table, Item("us"));
        await UntilAsync(() => Task.FromResult(refused.Matched >= 1), TimeSpan.FromSeconds(30), () => "the us-east-1 write never reached eu-west-2");
        // A later write in eu-west-2 wins in us-east-1, which then holds it with eu-west-2's Version and a Context that has
        // its own lost write: the item was last written elsewhere, yet eu-west-2 still lacks something of it.
        await host.Client(Eu).PutItemAsync(table, Item("eu"));
        await UntilAsync(async () => (await host.DumpAsync(Us, table)).Values.Single().Version.Region == Eu, TimeSpan.FromSeconds(30),
            () => "us-east-1 never took the eu-west-2 write");

        // A day later eu-west-2 has not caught up: the next try after the shift refills it, and a refill refused by the
        // journal is tried again once it heals. A refill that left the item out would move the link past the lost write for good.
        time.Offset = TimeSpan.FromHours(25);
        int before = refused.Matched;
        await UntilAsync(() => Task.FromResult(refused.Matched > before), TimeSpan.FromSeconds(30),
            () => "no try after the shift carried the us-east-1 write to eu-west-2");
        faults.Heal();

        var converged = await host.WaitConvergedAsync(table, [Us, Eu], TimeSpan.FromSeconds(30));
        foreach (var region in new[] { Us, Eu })
        {
            var item = converged[region].Values.Single();
            Assert.Equal(("eu", Eu), (item.Image!["v"].S, item.Version.Region));
            Assert.True(item.Context[Us] > first, $"{region}'s Context has the us-east-1 write that lost");
        }
    }
}
