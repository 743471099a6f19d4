using System.Text.Json;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>
/// GET /_admin/tables: every table of every region that is up, with its status, key schema and replicas (each with
/// its ReplicaStatus, as DescribeTable names them); a table that is not global lists no replicas.
/// </summary>
public static class TablesEndpoint
{
    public static async Task HandleAsync(HttpContext http, IReadOnlyList<RegionNode> regions)
    {
        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = true });
        Write(w, regions);
    }

    /// <summary>The answer's array; the web console's status event carries it too.</summary>
    public static void Write(Utf8JsonWriter w, IReadOnlyList<RegionNode> regions)
    {
        w.WriteStartArray();
        foreach (var region in regions.OrderBy(r => r.Name, StringComparer.Ordinal))
            foreach (var table in region.Tables.All.Values)
            {
                w.WriteStartObject();
                w.WriteString("region", region.Name);
                w.WriteString("table", table.Name);
                w.WriteString("status", table.Status.ToString());
                w.WriteString("partitionKey", table.KeySchema.PartitionKey.Name);
                if (table.KeySchema.SortKey is { } sortKey) w.WriteString("sortKey", sortKey.Name);
                w.WriteStartArray("replicas");
                foreach (var replica in table.IsGlobal ? table.Replicas! : [])
                {
                    w.WriteStartObject();
                    w.WriteString("region", replica.RegionName);
                    w.WriteString("status", replica.Status.ToString());
                    if (replica.PercentProgress is { } percent) w.WriteNumber("percentProgress", percent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
        w.WriteEndArray();
    }
}
