using System.Text.Json;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Replication;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>
/// GET /_admin/conflicts?table=T&amp;region=R: the updates last-writer-wins lost, as a JSON array,
/// one entry per lost write across the regions asked (DESIGN.md's global view).
/// </summary>
public static class ConflictsEndpoint
{
    public static async Task HandleAsync(HttpContext http, IReadOnlyList<RegionNode> regions)
    {
        string? table = http.Request.Query["table"], region = http.Request.Query["region"];
        var asked = regions.Where(r => region is null || r.Name == region).ToList();
        var logged = (await Task.WhenAll(asked.Select(r => r.LostUpdatesAsync(table)))).SelectMany(l => l);
        var effective = LostUpdateView.Effective(logged);
        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = true });
        w.WriteStartArray();
        foreach (var lost in effective.OrderBy(l => l.DetectedAt)) Write(w, lost);
        w.WriteEndArray();
    }

    public static void Write(Utf8JsonWriter w, LostUpdate lost)
    {
        w.WriteStartObject();
        w.WriteString("table", lost.Table);
        w.WritePropertyName("key");
        w.WriteStartObject();
        w.WritePropertyName("partitionKey");
        AttributeValueJson.Write(w, lost.Key.PartitionKey);
        if (lost.Key.SortKey is not null)
        {
            w.WritePropertyName("sortKey");
            AttributeValueJson.Write(w, lost.Key.SortKey);
        }
        w.WriteEndObject();
        w.WriteString("detectedIn", lost.DetectedIn);
        w.WriteString("detectedAt", lost.DetectedAt);
        WriteWrite(w, "winner", lost.Winner);
        WriteWrite(w, "loser", lost.Loser);
        w.WriteEndObject();
    }

    static void WriteWrite(Utf8JsonWriter w, string name, WriteRecord write)
    {
        w.WriteStartObject(name);
        w.WriteString("region", write.Version.Region);
        w.WriteString("version", write.Version.ToString());
        w.WriteString("context", write.Context.ToString());
        if (write.Image is null) w.WriteNull("image");
        else
        {
            w.WritePropertyName("image");
            AttributeValueJson.WriteItem(w, write.Image);
        }
        w.WriteEndObject();
    }
}
