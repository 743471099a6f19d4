using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace GlobalTables.Cli.Tests.Logs;

/// <summary>
/// An isolated region's links retry every half second, but the log says each link down once and up again once: writes on
/// both sides while it is cut keep both directions' links failing and retrying for seconds.
/// </summary>
public sealed class LinkStateLogTests(ITestOutputHelper output)
{
    static readonly TimeSpan IsolatedMin = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Isolating_a_region_for_seconds_logs_each_link_down_once_and_up_again_once()
    {
        using var up = await TwoRegionUp.StartAsync(output);
        using var admin = new HttpClient { BaseAddress = up.FrontDoor };

        (await admin.PostAsync("/_admin/regions/eu-west-2/isolate", null)).EnsureSuccessStatusCode();
        var isolatedAt = DateTime.UtcNow;
        await Poll.UntilAsync(async () => await LinkStatesAsync(admin, "us-east-1") is ["cut"], TimeSpan.FromSeconds(10), "us-east-1's link to eu-west-2 reported cut");

        // Writes on both sides make both directions' links try, fail and retry; kept up for several retry delays after
        // both have said they are down.
        var written = 0;
        await Poll.UntilAsync(async () =>
        {
            await TwoRegionUp.PutAsync(up.UsEast, $"us-{written}");
            await TwoRegionUp.PutAsync(up.EuWest, $"eu-{written}");
            written++;
            return DateTime.UtcNow - isolatedAt >= IsolatedMin && Count(up, "link us-east-1 -> eu-west-2 down: ") > 0 && Count(up, "link eu-west-2 -> us-east-1 down: ") > 0;
        }, TimeSpan.FromSeconds(30), "both links said down, with the region isolated for a while");

        (await admin.PostAsync("/_admin/regions/eu-west-2/heal", null)).EnsureSuccessStatusCode();
        await Poll.UntilAsync(() => Task.FromResult(Count(up, "link us-east-1 -> eu-west-2 up again after ") > 0 && Count(up, "link eu-west-2 -> us-east-1 up again after ") > 0),
            TimeSpan.FromSeconds(30), "both links said up again");
        output.WriteLine($"{written} writes on each side while isolated for {(DateTime.UtcNow - isolatedAt).TotalSeconds:F1} s");

        Assert.Equal(1, Count(up, "link us-east-1 -> eu-west-2 down: eu-west-2 is isolated"));
        Assert.Equal(1, Count(up, "link eu-west-2 -> us-east-1 down: eu-west-2 is isolated"));
        Assert.Equal(1, Count(up, "link us-east-1 -> eu-west-2 up again after "));
        Assert.Equal(1, Count(up, "link eu-west-2 -> us-east-1 up again after "));
        Assert.Equal(0, Count(up, "ERROR"));
        Assert.Equal(0, Count(up, "Replication of "));
    }

    static int Count(TwoRegionUp up, string text) => up.Process.Output.Count(l => l.Contains(text));

    /// <summary>The state of each of a region's links, from GET /_admin/regions.</summary>
    static async Task<string[]> LinkStatesAsync(HttpClient admin, string region)
    {
        var regions = await admin.GetFromJsonAsync<JsonElement>("/_admin/regions");
        return regions.EnumerateArray().Single(r => r.GetProperty("name").GetString() == region)
            .GetProperty("links").EnumerateArray().Select(l => l.GetProperty("state").GetString()!).ToArray();
    }
}
