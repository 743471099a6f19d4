using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;
using static GlobalTables.Scenarios.Tests.ScenarioHost;

namespace GlobalTables.Scenarios.Tests;

/// <summary>
/// Clients in three regions race on the same keys with simulated WAN latency, once per class; the
/// facts check DESIGN.md's list-append invariant and the conflicts endpoint against the same run.
/// </summary>
public sealed class ConcurrentWorkload : IAsyncLifetime
{
    public const string Table = "race";
    public const int ListKeys = 500, PutDeleteKeys = 50, WorkersPerRegion = 6;
    static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(8);
    static readonly string[] AllRegions = [Us, Eu, Ap];

    public ScenarioHost Host { get; private set; } = null!;
    public ConcurrentDictionary<string, ConcurrentBag<string>> Acknowledged { get; } = new();
    public ConcurrentBag<string> Unknown { get; } = new();
    public ConcurrentBag<string> Sent { get; } = new();
    public Dictionary<ItemKey, StoredItem> Final { get; private set; } = null!;
    public List<LostUpdate> Logged { get; } = new();
    public IReadOnlyList<LostUpdate> Effective { get; private set; } = null!;
    public TimeSpan QuiescedAfter { get; private set; }
    public int PutsAndDeletes;
    public List<string> Notes { get; } = new();

    public async Task InitializeAsync()
    {
        Host = await StartAsync(AllRegions, simulateLatency: true);
        await Host.CreateTableAsync(Us, Table);
        await Host.AddReplicaAsync(Us, Table, Eu);
        await Host.AddReplicaAsync(Us, Table, Ap);

        var clock = Stopwatch.StartNew();
        var workers = AllRegions.SelectMany(region => Enumerable.Range(0, WorkersPerRegion).Select(w => Task.Run(() => WorkAsync(region, w, clock))));
        await Task.WhenAll(workers);
        Notes.Add($"{Acknowledged.Values.Sum(b => b.Count)} appends acknowledged, {Unknown.Count} unknown, {PutsAndDeletes} puts and deletes, in {clock.Elapsed.TotalSeconds:0.0} s");

        clock.Restart();
        await Host.WaitReplicationIdleAsync(TimeSpan.FromSeconds(60));
        var dumps = await Host.WaitConvergedAsync(Table, AllRegions, TimeSpan.FromSeconds(60));
        QuiescedAfter = clock.Elapsed;
        Final = dumps[Us];
        foreach (var region in AllRegions) Logged.AddRange(await Host.Node(region).LostUpdatesAsync(Table));
        Effective = LostUpdateView.Effective(Logged);
    }

    async Task WorkAsync(string region, int worker, Stopwatch clock)
    {
        var client = Host.Client(region);
        var rng = new Random(HashCode.Combine(region, worker));
        for (int n = 0; clock.Elapsed < WriteFor; n++)
        {
            var id = $"{region}-{worker}-{n}";
            Sent.Add(id);
            try
            {
                if (rng.Next(10) == 0)
                {
                    var key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = $"pd-{rng.Next(PutDeleteKeys)}" } };
                    Interlocked.Increment(ref PutsAndDeletes);
                    if (rng.Next(3) == 0) await client.DeleteItemAsync(new DeleteItemRequest { TableName = Table, Key = key });
                    else await client.PutItemAsync(new PutItemRequest { TableName = Table, Item = new(key) { ["v"] = new() { S = id } } });
                    continue;
                }
                var pk = $"list-{rng.Next(ListKeys)}";
                await client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = Table,
                    Key = new() { ["pk"] = new() { S = pk } },
                    UpdateExpression = "SET ids = list_append(if_not_exists(ids, :empty), :me)",
                    ExpressionAttributeValues = new()
                    {
                        [":empty"] = new() { L = [] , IsLSet = true },
                        [":me"] = new() { L = [new() { S = id }] },
                    },
                });
                Acknowledged.GetOrAdd(pk, _ => new()).Add(id);
            }
            catch (Exception e) when (e is AmazonDynamoDBException or HttpRequestException or TaskCanceledException or OperationCanceledException)
            {
                Unknown.Add(id);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
    }
}

public sealed class ConcurrentWritesTests(ConcurrentWorkload run, ITestOutputHelper output) : IClassFixture<ConcurrentWorkload>
{
    static IEnumerable<string> Ids(IReadOnlyDictionary<string, GlobalTables.Model.Attributes.AttributeValue>? image) =>
        image is not null && image.TryGetValue("ids", out var ids) ? ids.L.Select(i => i.S) : [];

    [Fact]
    public void Racing_appends_converge_and_lose_nothing_beyond_the_logged_losers()
    {
        foreach (var note in run.Notes) output.WriteLine(note);
        output.WriteLine($"quiescent and converged {run.QuiescedAfter.TotalSeconds:0.0} s after the clients stopped");
        output.WriteLine($"{run.Logged.Count} lost updates logged across the regions, {run.Effective.Count} effective");

        var sent = run.Sent.ToHashSet();
        int vanishedFromEffective = 0, acknowledged = 0;
        var allLoggedLosers = run.Logged.GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.SelectMany(l => Ids(l.Loser.Image)).ToHashSet());
        foreach (var (pk, ids) in run.Acknowledged)
        {
            var key = new ItemKey(GlobalTables.Model.Attributes.AttributeValue.FromS(pk), null);
            Assert.True(run.Final.TryGetValue(key, out var item), $"{pk} was written but is absent");
            Assert.NotNull(item!.Image);
            var surviving = Ids(item.Image).ToList();
            Assert.Equal(surviving.Count, surviving.Distinct().Count());
            var survivingSet = surviving.ToHashSet();
            var losers = run.Effective.Where(l => l.Key == key).ToList();
            var inEffective = losers.SelectMany(l => Ids(l.Loser.Image)).ToHashSet();
            var inLogged = allLoggedLosers.GetValueOrDefault(key) ?? [];

            // Nothing vanishes without a trace.
            foreach (var id in ids)
            {
                acknowledged++;
                if (survivingSet.Contains(id) || inEffective.Contains(id)) continue;
                vanishedFromEffective++;
                Assert.Fail($"{pk}: acknowledged {id} is neither in [{string.Join(",", surviving)}] nor in any effective logged loser" +
                    (inLogged.Contains(id) ? " (a raw logged loser has it)" : ""));
            }
            // No false alarms: the id a logged loser added is not in the surviving list.
            foreach (var loser in losers)
            {
                var own = Ids(loser.Loser.Image).Last();
                Assert.False(survivingSet.Contains(own), $"{pk}: false alarm, loser {loser.Loser.Version} added {own}, which survives");
            }
            // No phantoms.
            foreach (var id in surviving.Concat(inLogged)) Assert.Contains(id, sent);
        }
        output.WriteLine($"{acknowledged} acknowledged appends checked; {vanishedFromEffective} vanished");
        Assert.True(run.Effective.Count > 0, "no conflict happened: the clients did not race");

        // The put/delete range: converged (checked by the dumps' digests) and no phantom values.
        var putDelete = run.Final.Where(kv => kv.Key.PartitionKey.S.StartsWith("pd-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(putDelete);
        foreach (var (key, item) in putDelete)
            if (item.Image is not null) Assert.Contains(item.Image["v"].S, sent);
        output.WriteLine($"{putDelete.Count} put/delete keys, {putDelete.Count(p => p.Value.Image is null)} tombstones");
    }

    /// <summary>Every page of /_admin/conflicts, following the next tokens, and how many pages there were.</summary>
    async Task<(List<System.Text.Json.JsonElement> Entries, int Pages)> ConflictsAsync(string query, int limit = 1000)
    {
        var entries = new List<System.Text.Json.JsonElement>();
        string? next = null;
        int pages = 0;
        do
        {
            using var page = await run.Host.GetJsonAsync($"/_admin/conflicts?{query}&limit={limit}" + (next is null ? "" : $"&next={next}"));
            entries.AddRange(page.RootElement.GetProperty("lostUpdates").EnumerateArray().Select(e => e.Clone()));
            next = page.RootElement.TryGetProperty("nextToken", out var token) ? token.GetString() : null;
            pages++;
        } while (next is not null);
        return (entries, pages);
    }

    /// <summary>A lost write: its item and Version (a Version is unique per item only; each partition has its own clock).</summary>
    static string LoserOf(System.Text.Json.JsonElement e) =>
        e.GetProperty("key").GetProperty("partitionKey").GetProperty("S").GetString() + " " + e.GetProperty("loser").GetProperty("version").GetString();

    static string LoserOf(LostUpdate l) => l.Key.PartitionKey.S + " " + l.Loser.Version;

    /// <summary>
    /// One page holds the exact global view; over several, each page's view may keep an entry a write on another page
    /// absorbs, so what the endpoint lists lies between the global view and the whole log.
    /// </summary>
    static void AssertViewOf(IReadOnlyList<LostUpdate> logged, (List<System.Text.Json.JsonElement> Entries, int Pages) listed)
    {
        var effective = LostUpdateView.Effective(logged).Select(LoserOf).ToHashSet();
        var shown = listed.Entries.Select(LoserOf).ToHashSet();
        if (listed.Pages == 1)
        {
            Assert.Equal(listed.Entries.Count, shown.Count);
            Assert.Equal(effective, shown);
        }
        else
        {
            Assert.Superset(effective, shown);
            Assert.Subset(logged.Select(LoserOf).ToHashSet(), shown);
        }
    }

    [Fact]
    public async Task The_conflicts_endpoint_lists_the_effective_lost_updates()
    {
        var all = await ConflictsAsync($"table={ConcurrentWorkload.Table}");
        AssertViewOf(run.Logged, all);
        Assert.All(all.Entries, e => Assert.Equal(ConcurrentWorkload.Table, e.GetProperty("table").GetString()));
        output.WriteLine($"{run.Logged.Count} logged, {run.Effective.Count} effective, {all.Entries.Count} listed in {all.Pages} page(s)");
        foreach (var region in new[] { Us, Eu, Ap })
        {
            var logged = run.Logged.Where(l => l.DetectedIn == region).ToList();
            var filtered = await ConflictsAsync($"table={ConcurrentWorkload.Table}&region={region}");
            AssertViewOf(logged, filtered);
            Assert.All(filtered.Entries, e => Assert.Equal(region, e.GetProperty("detectedIn").GetString()));
            output.WriteLine($"{region}: {LostUpdateView.Effective(logged).Count} effective lost updates in its own log");
        }
        // Pages merged from three regions, one token carrying the three positions: between the view and the log. Pages of
        // 100 give dozens of pages; pages of 7 gave nearly two hundred, at a quarter second each, most of this suite's time.
        var paged = await ConflictsAsync($"table={ConcurrentWorkload.Table}", limit: 100);
        Assert.True(paged.Pages > 1);
        AssertViewOf(run.Logged, paged);
        output.WriteLine($"in pages of 100: {paged.Entries.Count} listed in {paged.Pages} pages");
        var none = await ConflictsAsync("table=no-such-table");
        Assert.Empty(none.Entries);
    }
}
