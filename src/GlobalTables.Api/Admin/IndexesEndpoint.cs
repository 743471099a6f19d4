using System.Text.Json;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>GET /_admin/indexes: each secondary index's lag per region (p50, p99, last, samples), as docs/indexes.md defines it.</summary>
public static class IndexesEndpoint
{
    public static async Task HandleAsync(HttpContext http, IReadOnlyList<RegionNode> regions)
    {
        var lags = await Task.WhenAll(regions.Select(async r => (Region: r.Name, Lags: await r.IndexLagsAsync())));
        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        foreach (var (region, list) in lags.OrderBy(l => l.Region))
            foreach (var lag in list.OrderBy(l => l.Table).ThenBy(l => l.Index))
            {
                w.WriteStartObject();
                w.WriteString("region", region);
                w.WriteString("table", lag.Table);
                w.WriteString("index", lag.Index);
                w.WriteNumber("p50Ms", lag.P50Ms);
                w.WriteNumber("p99Ms", lag.P99Ms);
                w.WriteNumber("lastMs", lag.LastMs);
                w.WriteNumber("samples", lag.Samples);
                w.WriteEndObject();
            }
        w.WriteEndArray();
    }
}
