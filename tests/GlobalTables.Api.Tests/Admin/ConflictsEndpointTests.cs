using System.Net;
using System.Text.Json;
using Akka.Actor;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Region;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Replication;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Admin;

/// <summary>
/// GET /_admin/conflicts on a real host (SQLite in a temp folder, HTTP on loopback): the lost-update log is read from
/// the journal in pages that follow next tokens, across a restart, within its retention; bad input answers 400.
/// </summary>
public sealed class ConflictsEndpointTests : IAsyncLifetime
{
    readonly ShiftedTime _time = new();
    readonly ServerFixture _host;
    readonly HttpClient _http = new();

    public ConflictsEndpointTests() => _host = new ServerFixture { Time = _time };

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    RegionNode Node => _host.Server.Regions[0];

    static ItemChanged Remote(string table, string pk, string region, long ms) => new(
        table, new ItemKey(AttributeValue.FromS(pk), null),
        new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS(pk), ["v"] = AttributeValue.FromS(region) },
        new Version(new HlcStamp(ms, 0), region),
        VersionVector.Empty.With(new Version(new HlcStamp(ms, 0), region)),
        ReplicatedFrom: region);

    /// <summary>Stamps of the peers' writes: each lost update gets its own Versions.</summary>
    long _stampMs = 1_000;

    /// <summary>Two concurrent writes from peers on one item: the lower one, from eu-west-2, is logged lost. Returns its Version.</summary>
    async Task<string> LoseAsync(string table, string pk)
    {
        long ms = _stampMs += 10;
        var definition = Node.Tables.Find(table)!;
        var key = new ItemKey(AttributeValue.FromS(pk), null);
        var envelope = (object change) => new PartitionEnvelope(definition.PartitionEntityId(key.PartitionOf(definition.PartitionCount)), change);
        var loser = Remote(table, pk, "eu-west-2", ms);
        await Node.Partitions.Ask<ReplicatedApplied>(envelope(new ApplyReplicated([loser])), TimeSpan.FromSeconds(10));
        var applied = await Node.Partitions.Ask<ReplicatedApplied>(envelope(new ApplyReplicated([Remote(table, pk, "ap-southeast-1", ms + 1)])), TimeSpan.FromSeconds(10));
        Assert.Equal(ApplyOutcome.ConcurrentIncomingWon, Assert.Single(applied.Outcomes));
        return loser.Version.ToString();
    }

    async Task<HttpResponseMessage> GetAsync(string query) =>
        await _http.GetAsync(new Uri(_host.Server.FrontDoorEndpoint, "/_admin/conflicts?" + query));

    async Task<(List<string> Losers, string? Next)> PageAsync(string query)
    {
        using var response = await GetAsync(query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var losers = json.RootElement.GetProperty("lostUpdates").EnumerateArray()
            .Select(e => e.GetProperty("loser").GetProperty("version").GetString()!).ToList();
        return (losers, json.RootElement.TryGetProperty("nextToken", out var next) ? next.GetString() : null);
    }

    /// <summary>Every page from the first (or from a token), following next tokens; the sizes of the pages too.</summary>
    async Task<(List<string> Losers, List<int> Sizes)> AllPagesAsync(string query, string? from = null)
    {
        var losers = new List<string>();
        var sizes = new List<int>();
        string? next = from;
        do
        {
            var page = await PageAsync(query + (next is null ? "" : "&next=" + Uri.EscapeDataString(next)));
            losers.AddRange(page.Losers);
            sizes.Add(page.Losers.Count);
            next = page.Next;
        } while (next is not null);
        return (losers, sizes);
    }

    [Fact]
    public async Task The_log_is_read_in_pages_from_disk_and_a_next_token_outlives_a_restart()
    {
        var client = _host.Client();
        await ServerFixture.CreateTableAsync(client, "Log");
        await ServerFixture.CreateTableAsync(client, "Other");
        var expected = new List<string>();
        for (int i = 0; i < 5; i++) expected.Add(await LoseAsync("Log", $"k{i}"));
        var elsewhere = await LoseAsync("Other", "elsewhere");

        // Two entries a page; the token of the first page is used after a restart, which reads the log from disk.
        var first = await PageAsync("table=Log&limit=2");
        Assert.Equal(2, first.Losers.Count);
        Assert.NotNull(first.Next);
        await _host.RestartAsync();
        var rest = await AllPagesAsync("table=Log&limit=2", first.Next);
        Assert.Equal([2, 1], rest.Sizes);
        Assert.Equal(expected.Order(), first.Losers.Concat(rest.Losers).Order());

        // One a page, every table: the other table's entry too, and nothing twice.
        var all = await AllPagesAsync("limit=1");
        Assert.Equal(expected.Append(elsewhere).Order(), all.Losers.Order());
        Assert.All(all.Sizes.SkipLast(1), size => Assert.Equal(1, size));
        // The region's own reader goes through the same pages.
        Assert.Equal(6, (await Node.LostUpdatesAsync()).Count);
        Assert.Equal(expected.Order(), (await Node.LostUpdatesAsync("Log")).Select(l => l.Loser.Version.ToString()).Order());
    }

    [Fact]
    public async Task Entries_older_than_the_retention_are_not_returned()
    {
        await ServerFixture.CreateTableAsync(_host.Client(), "Log");
        var old = await LoseAsync("Log", "old");
        Assert.Equal([old], (await AllPagesAsync("table=Log")).Losers);

        // A day and an hour later (retention 24h): the old entry is past it; one logged now is not.
        _time.Offset = TimeSpan.FromHours(25);
        Assert.Empty((await AllPagesAsync("table=Log")).Losers);
        var recent = await LoseAsync("Log", "recent");
        Assert.Equal([recent], (await AllPagesAsync("table=Log&limit=1")).Losers);
        Assert.Equal(Node.LostUpdateLog.Settings.Retention, TimeSpan.FromHours(24));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=-1")]
    [InlineData("limit=ten")]
    [InlineData("limit=")]
    [InlineData("next=not-a-token!")]
    [InlineData("next=W10")]
    [InlineData("next=eyJ1cy1lYXN0LTEiOi0xfQ")]
    public async Task A_bad_limit_or_next_token_answers_400_with_a_validation_error(string query)
    {
        using var response = await GetAsync(query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("ValidationException", json.RootElement.GetProperty("__type").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("message").GetString()));
    }
}
