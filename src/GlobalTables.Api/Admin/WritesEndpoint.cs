using System.Text.Json;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>
/// GET /_admin/writes?since=N: the recent writes of every region, local and replicated, newest
/// last. Each region numbers its own entries; <c>since</c> is a map region=N, e.g. since=us-east-1:10,eu-west-2:4.
/// </summary>
public static class WritesEndpoint
{
    /// <summary>How an entry is written; the web console's write events carry the same form.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static async Task HandleAsync(HttpContext http, IReadOnlyList<RegionNode> regions)
    {
        var since = ((string?)http.Request.Query["since"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':'))
            .Where(p => p.Length == 2 && long.TryParse(p[1], out _))
            .ToDictionary(p => p[0], p => long.Parse(p[1]));
        var entries = regions.SelectMany(r => r.Feed.Since(since.GetValueOrDefault(r.Name)).Entries).OrderBy(e => e.At).ToList();
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, entries, Json);
    }
}
