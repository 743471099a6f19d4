using System.Text.Json;
using GlobalTables.Api.Hosting;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>GET /_admin/regions: each region's state, its RTO and RPO, and each of its links with its backlog.</summary>
public static class RegionsEndpoint
{
    public static async Task HandleAsync(HttpContext http, GlobalTablesServer server)
    {
        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = true });
        await WriteAsync(w, server);
    }

    /// <summary>The answer's array; the web console's status event carries it too.</summary>
    public static async Task WriteAsync(Utf8JsonWriter w, GlobalTablesServer server)
    {
        w.WriteStartArray();
        foreach (var host in server.Hosts)
        {
            w.WriteStartObject();
            w.WriteString("name", host.Name);
            w.WriteString("state", host.State == RegionState.Up ? (host.Isolated ? "isolated" : "up") : "failed");
            if (host.Endpoint is not null) w.WriteString("endpoint", host.Endpoint.ToString());
            var (current, last) = server.Router.Rto(host.Name);
            if (current is { } c) w.WriteNumber("currentRtoMs", Math.Round(c.TotalMilliseconds));
            if (last is { } l) w.WriteNumber("lastRtoMs", Math.Round(l.TotalMilliseconds));
            if (host.RpoAtFailure is { } rpo) w.WriteNumber("rpoWrites", rpo);
            if (host.FailedAt is { } at) w.WriteString("lastFailedAt", at);
            w.WriteStartArray("links");
            if (host.Node is { } node)
            {
                foreach (var link in await node.ReplicationMetricsAsync())
                {
                    w.WriteStartObject();
                    w.WriteString("to", link.Destination);
                    w.WriteString("table", link.Table);
                    var peer = server.Hosts.FirstOrDefault(h => h.Name == link.Destination);
                    w.WriteString("state", host.Isolated || peer?.Isolated == true ? "cut" : peer?.State == RegionState.Failed ? "unreachable" : link.Down is null ? "up" : "down");
                    w.WriteString("phase", link.Phase);
                    if (link.Down is { } down)
                    {
                        w.WriteString("downReason", down.Reason);
                        w.WriteString("downSince", down.Since);
                    }
                    w.WriteNumber("latencyMs", node.Replication.LatencyTo(link.Destination).TotalMilliseconds);
                    w.WriteNumber("pending", link.Latency.Pending);
                    w.WriteNumber("backlog", link.Latency.Backlog);
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
