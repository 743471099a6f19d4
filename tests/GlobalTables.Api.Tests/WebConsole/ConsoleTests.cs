using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace GlobalTables.Api.Tests.WebConsole;

/// <summary>
/// The web console in a real headless Chromium against a real three-region host: it shows the regions, its fault
/// buttons act on them, a lost update made with its isolate and heal buttons reaches its live feed (and the cut link says
/// why it does not deliver), and its item
/// browser shows an item's Version, with the item's values as text.
/// </summary>
public sealed class ConsoleTests(ConsoleHost console) : IClassFixture<ConsoleHost>
{
    const string Us = "us-east-1", Eu = "eu-west-2", Ap = "ap-southeast-1";

    ServerFixture Host => console.Host;

    static ILocator Region(IPage page, string region) => page.Locator($"#regions tr[data-region='{region}']");

    static ILocator Field(ILocator row, string field) => row.Locator($"[data-field='{field}']");

    /// <summary>A new table in us-east-1, ACTIVE, named after <paramref name="prefix"/> and unique to the test.</summary>
    async Task<string> CreateTableAsync(string prefix)
    {
        var table = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
        await ServerFixture.CreateTableAsync(Host.Client(Us), table);
        return table;
    }

    [Fact]
    public async Task The_page_shows_the_three_regions_with_their_endpoints()
    {
        var page = await console.OpenConsoleAsync();

        await Expect(page.Locator("#regions tbody tr")).ToHaveCountAsync(3);
        foreach (var region in new[] { Us, Eu, Ap })
        {
            var row = Region(page, region);
            await Expect(Field(row, "name")).ToHaveTextAsync(region);
            await Expect(Field(row, "endpoint")).ToHaveTextAsync(Host.Server.RegionEndpoints[region].ToString());
            await Expect(Field(row, "state")).ToHaveTextAsync("up");
        }
    }

    [Fact]
    public async Task The_fail_button_fails_a_region_and_the_recover_button_brings_it_back()
    {
        var page = await console.OpenConsoleAsync();
        var eu = Region(page, Eu);

        await eu.Locator("button[data-action='fail']").ClickAsync();
        await Expect(Field(eu, "state")).ToHaveTextAsync("failed");
        Assert.Equal(RegionState.Failed, Host.Server.Hosts.Single(h => h.Name == Eu).State);
        await Expect(Field(Region(page, Us), "state")).ToHaveTextAsync("up");

        await eu.Locator("button[data-action='recover']").ClickAsync();
        await Expect(Field(eu, "state")).ToHaveTextAsync("up");
        Assert.Equal(RegionState.Up, Host.Server.Hosts.Single(h => h.Name == Eu).State);
        // Back on the endpoint it had, and answering.
        Assert.NotNull(await Host.Client(Eu).ListTablesAsync(new ListTablesRequest()));

        // The latency button asks for ms, and sets it on every link from the region.
        await Field(eu, "latency-ms").FillAsync("40");
        await eu.Locator("button[data-action='latency']").ClickAsync();
        await Expect(page.Locator("#action-result")).ToHaveTextAsync($"latency {Eu}: done");
        var latencies = Host.Server.Regions.Single(r => r.Name == Eu).Replication.Latencies;
        Assert.Equal(40, latencies[Us]);
        Assert.Equal(40, latencies[Ap]);
    }

    [Fact]
    public async Task A_lost_update_made_while_a_region_is_isolated_appears_in_the_feed_once_healed()
    {
        var page = await console.OpenConsoleAsync();
        var table = await CreateTableAsync("contested");
        var us = Host.Client(Us);
        await us.UpdateTableAsync(new UpdateTableRequest
        {
            TableName = table,
            ReplicaUpdates = [new ReplicationGroupUpdate { Create = new CreateReplicationGroupMemberAction { RegionName = Ap } }],
        });
        // The tables panel follows the replica until both regions hold it ACTIVE.
        var replicaRow = page.Locator($"#tables tr[data-region='{Ap}'][data-table='{table}']");
        await Expect(Field(replicaRow, "status")).ToHaveTextAsync("ACTIVE");
        await Expect(page.Locator($"#tables tr[data-region='{Us}'][data-table='{table}'] li[data-replica='{Ap}']")).ToHaveAttributeAsync("data-status", "ACTIVE");

        var ap = Region(page, Ap);
        await ap.Locator("button[data-action='isolate']").ClickAsync();
        await Expect(Field(ap, "state")).ToHaveTextAsync("isolated");
        await us.PutItemAsync(table, new() { ["pk"] = new("x"), ["from"] = new(Us) });
        await Host.Client(Ap).PutItemAsync(table, new() { ["pk"] = new("x"), ["from"] = new(Ap) });
        // The link that cannot deliver the write says why on hover, once its backstop has tried.
        var link = page.Locator($"#links tr[data-source='{Us}'][data-destination='{Ap}'][data-table='{table}'] [data-field='state']");
        await Expect(link).ToHaveTextAsync("cut");
        await Expect(link).ToHaveAttributeAsync("title", new Regex($@"^{Ap} is isolated \(while [a-z ]+\), since "), new() { Timeout = 15_000 });
        await ap.Locator("button[data-action='heal']").ClickAsync();
        await Expect(Field(ap, "state")).ToHaveTextAsync("up");

        var lost = page.Locator($"#feed li[data-kind='lost-update'][data-table='{table}']").First;
        await Expect(lost).ToContainTextAsync("LOST UPDATE");
        await Expect(lost).ToContainTextAsync("\"x\"");
        // The entry the page shows is one the regions' logs hold.
        var loser = await lost.GetAttributeAsync("data-loser");
        var logged = new List<string>();
        foreach (var node in Host.Server.Regions)
            logged.AddRange((await node.LostUpdatesAsync(table)).Select(l => l.Loser.Version.ToString()));
        Assert.Contains(loser, logged);
        // Both writes went through the feed too.
        await Expect(page.Locator($"#feed li[data-kind='write'][data-table='{table}'][data-region='{Us}']").First).ToBeAttachedAsync();
        await Expect(page.Locator($"#feed li[data-kind='write'][data-table='{table}'][data-region='{Ap}']").First).ToBeAttachedAsync();
    }

    [Fact]
    public async Task The_item_browser_shows_an_items_Version_and_its_values_as_text()
    {
        var page = await console.OpenConsoleAsync();
        var table = await CreateTableAsync("browsed");
        var us = Host.Client(Us);
        const string markup = "<b>bold</b> & <img src=x onerror=\"window.injected=1\">";
        await us.PutItemAsync(table, new() { ["pk"] = new("k1"), ["note"] = new(markup) });
        await us.PutItemAsync(table, new() { ["pk"] = new("k2"), ["n"] = new() { N = "2" } });
        var node = Host.Server.Regions.Single(r => r.Name == Us);
        var stored = (await node.DumpAsync(node.Tables.Find(table)!)).ToDictionary(e => e.Key.PartitionKey.S, e => e.Item);

        await page.Locator("#browse-region").SelectOptionAsync(Us);
        await Expect(page.Locator($"#browse-table option[value='{table}']")).ToBeAttachedAsync();
        await page.Locator("#browse-table").SelectOptionAsync(table);

        await page.Locator("#browse").ClickAsync();
        await Expect(page.Locator("#items tbody tr")).ToHaveCountAsync(2);

        await page.Locator("#browse-operation").SelectOptionAsync("Query");
        await page.Locator("#browse-partition-key").FillAsync("k1");
        await page.Locator("#browse").ClickAsync();
        var rows = page.Locator("#items tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(Field(rows, "version")).ToHaveTextAsync(stored["k1"].Version.ToString());
        await Expect(Field(rows, "context")).ToHaveTextAsync(stored["k1"].Context.ToString());
        await Expect(Field(rows, "item")).ToContainTextAsync(markup.Replace("\"", "\\\""));
        // User data stays text: no element came of it, and no script of it ran.
        await Expect(page.Locator("#items b, #items img")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.injected"));
    }
}
