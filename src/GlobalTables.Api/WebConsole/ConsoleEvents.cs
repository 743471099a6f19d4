using System.Buffers;
using System.Text;
using System.Text.Json;
using GlobalTables.Api.Admin;
using GlobalTables.Api.Hosting;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GlobalTables.Api.WebConsole;

/// <summary>
/// GET /console/events: the console's live stream, as server-sent events, in the forms of the admin endpoints, so the
/// page and the CLI read the same things. Every status-interval a <c>status</c> event, <c>{"regions":[...],"links":[...],
/// "tables":[...]}</c> (the answers of /_admin/regions, /_admin/replication and /_admin/tables), and a <c>lost-update</c>
/// event for each entry the lost-update log gained (an entry of /_admin/conflicts; a new stream starts with the whole
/// log within its retention). Every feed-interval a <c>write</c> event for each write a region's feed gained (an entry
/// of /_admin/writes; a new stream starts with each region's last feed-backlog writes).
/// </summary>
public static class ConsoleEvents
{
    public static async Task StreamAsync(HttpContext http, GlobalTablesServer server)
    {
        var settings = server.ConsoleSettings;
        // A stream never ends by itself: it ends with the client, or when the front door stops, which would otherwise
        // wait for it.
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var end = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var followed = new WriteFollower(settings.FeedBacklog);
        var lostAfter = new Dictionary<string, long>(StringComparer.Ordinal);
        var statusEvery = Math.Max(1, (int)(settings.StatusInterval / settings.FeedInterval));
        using var ticks = new PeriodicTimer(settings.FeedInterval);
        try
        {
            for (long tick = 0; ; tick++)
            {
                var regions = server.Regions;
                var events = new ArrayBufferWriter<byte>();
                if (tick % statusEvery == 0) await StatusAsync(events, server, regions, lostAfter);
                foreach (var entry in followed.Next(regions))
                    Event(events, "write", w => JsonSerializer.Serialize(w, entry, WritesEndpoint.Json));
                await http.Response.Body.WriteAsync(events.WrittenMemory, end.Token);
                await http.Response.Body.FlushAsync(end.Token);
                if (!await ticks.WaitForNextTickAsync(end.Token)) return;
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
        }
    }

    static async Task StatusAsync(ArrayBufferWriter<byte> events, GlobalTablesServer server, IReadOnlyList<RegionNode> regions, Dictionary<string, long> lostAfter)
    {
        try
        {
            var status = new ArrayBufferWriter<byte>();
            await using (var w = new Utf8JsonWriter(status))
            {
                w.WriteStartObject();
                w.WritePropertyName("regions");
                await RegionsEndpoint.WriteAsync(w, server);
                w.WritePropertyName("links");
                await ReplicationEndpoint.WriteAsync(w, regions);
                w.WritePropertyName("tables");
                TablesEndpoint.Write(w, regions);
                w.WriteEndObject();
            }
            Event(events, "status", status.WrittenSpan);
            if (regions.Count == 0) return;
            var pageMax = regions[0].LostUpdateLog.Settings.PageMax;
            while (true)
            {
                var (entries, page) = await ConflictsEndpoint.ReadPageAsync(regions, null, lostAfter, pageMax);
                foreach (var lost in entries) Event(events, "lost-update", w => ConflictsEndpoint.Write(w, lost));
                foreach (var (region, position) in page.ResumeAfter) lostAfter[region] = position;
                if (page.End) return;
            }
        }
        catch (Exception e) when (e is Akka.Actor.AskTimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            // A region failing meanwhile stops answering; the next status reads the regions as they are then.
            Comment(events, $"status skipped: {e.Message}");
        }
    }

    static void Event(ArrayBufferWriter<byte> events, string name, Action<Utf8JsonWriter> write)
    {
        var data = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(data)) write(w);
        Event(events, name, data.WrittenSpan);
    }

    /// <summary>One event; its data is compact JSON, which holds no line break, so one data line carries it.</summary>
    static void Event(ArrayBufferWriter<byte> events, string name, ReadOnlySpan<byte> json)
    {
        events.Write(Encoding.UTF8.GetBytes($"event: {name}\ndata: "));
        events.Write(json);
        events.Write("\n\n"u8);
    }

    static void Comment(ArrayBufferWriter<byte> events, string text) =>
        events.Write(Encoding.UTF8.GetBytes($": {text.ReplaceLineEndings(" ")}\n\n"));
}
