using System.Text.Json;
using GlobalTables.Api.Hosting;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Validation;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Admin;

/// <summary>
/// GET /_admin/conflicts?table=T&amp;region=R&amp;limit=N&amp;next=TOKEN: the updates last-writer-wins lost, across the
/// regions asked, read from their journals in pages: <c>{"lostUpdates":[...],"nextToken":"..."}</c>, oldest first,
/// with <c>nextToken</c> present while any region's log may hold more. Entries older than
/// <c>globaltables.lost-updates.retention</c> are not returned.
/// A page shows the global view (<see cref="LostUpdateView.Effective"/>) of its own entries only: an entry whose data a
/// write logged on another page carries on is not absorbed, so it may show; and a page can hold fewer than the limit
/// when entries on it absorb others. Reading every page and applying the view to all of them gives the exact view.
/// </summary>
public static class ConflictsEndpoint
{
    public static async Task HandleAsync(HttpContext http, IReadOnlyList<RegionNode> regions)
    {
        string? table = http.Request.Query["table"], region = http.Request.Query["region"], next = http.Request.Query["next"], limitText = http.Request.Query["limit"];
        var settings = regions[0].LostUpdateLog.Settings;
        int limit = settings.PageDefault;
        if (limitText is not null && (!int.TryParse(limitText, out limit) || limit < 1 || limit > settings.PageMax))
        {
            await GlobalTablesServer.WriteErrorAsync(http, DynamoException.Validation($"limit must be a whole number from 1 to {settings.PageMax}, not '{limitText}'"));
            return;
        }
        var resumeAfter = next is null ? new Dictionary<string, long>() : ConflictsToken.TryDecode(next);
        if (resumeAfter is null)
        {
            await GlobalTablesServer.WriteErrorAsync(http, DynamoException.Validation("next is not a token this endpoint handed out"));
            return;
        }
        var (entries, page) = await ReadPageAsync(regions.Where(r => region is null || r.Name == region).ToList(), table, resumeAfter, limit);

        http.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(http.Response.Body, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("lostUpdates");
        foreach (var lost in entries) Write(w, lost);
        w.WriteEndArray();
        if (!page.End) w.WriteString("nextToken", ConflictsToken.Encode(page.ResumeAfter));
        w.WriteEndObject();
    }

    /// <summary>
    /// One page of the regions' logs after <paramref name="resumeAfter"/> (region to journal ordering): the entries of
    /// its global view, and the merged page with where to resume. The web console's feed follows the log with it too.
    /// </summary>
    public static async Task<(IReadOnlyList<LostUpdate> Entries, LostUpdateMerge.Page Page)> ReadPageAsync(
        IReadOnlyList<RegionNode> regions, string? table, IReadOnlyDictionary<string, long> resumeAfter, int limit)
    {
        var pages = await Task.WhenAll(regions.Select(r => r.LostUpdateLog.ReadAsync(table, resumeAfter.GetValueOrDefault(r.Name), limit)));
        var page = LostUpdateMerge.Merge(regions.Zip(pages).ToDictionary(p => p.Item1.Name, p => p.Item2), limit);
        var effective = LostUpdateView.Effective(page.Entries).ToHashSet<object>(ReferenceEqualityComparer.Instance);
        return (page.Entries.Where(effective.Contains).ToList(), page);
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
