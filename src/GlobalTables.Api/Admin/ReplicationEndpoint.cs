using System.Text.Json;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>GET /_admin/replication: ReplicationLatency (p50, p99, last) and pending counts per link.</summary>
public static class ReplicationEndpoint
{
    public static async Task HandleAsync(HttpContext http, IReadOnlyList<RegionNode> regions)
    {
        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = true });
        await WriteAsync(w, regions);
    }

    /// <summary>The answer's array; the web console's status event carries it too.</summary>
    public static async Task WriteAsync(Utf8JsonWriter w, IReadOnlyList<RegionNode> regions)
    {
        var links = (await Task.WhenAll(regions.Select(r => r.ReplicationMetricsAsync()))).SelectMany(l => l).ToList();
        w.WriteStartArray();
        foreach (var link in links.OrderBy(l => l.Source).ThenBy(l => l.Destination).ThenBy(l => l.Table))
        {
            w.WriteStartObject();
            w.WriteString("source", link.Source);
            w.WriteString("destination", link.Destination);
            w.WriteString("table", link.Table);
            w.WriteNumber("p50Ms", link.Latency.P50Ms);
            w.WriteNumber("p99Ms", link.Latency.P99Ms);
            w.WriteNumber("lastMs", link.Latency.LastMs);
            w.WriteNumber("samples", link.Latency.Samples);
            w.WriteNumber("pending", link.Latency.Pending);
            w.WriteNumber("backlog", link.Latency.Backlog);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
