using System.Text.Json;
using System.Net.Http.Json;
using GlobalTables.Cli.Commands;
using GlobalTables.Api.Hosting;

namespace GlobalTables.Cli.Admin;

/// <summary>Reads the front door's /_admin endpoints of a running <c>globaltables up</c>.</summary>
public sealed class AdminClient(Uri frontDoor) : IDisposable
{
    readonly HttpClient _http = new() { BaseAddress = frontDoor, Timeout = TimeSpan.FromSeconds(30) };

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The whole lost-update log, page after page of <paramref name="limit"/> (the server's default when null), following the next tokens.</summary>
    public async Task<List<ConflictRow>> ConflictsAsync(string? table, string? region, int? limit = null, CancellationToken ct = default)
    {
        var rows = new List<ConflictRow>();
        string? next = null;
        do
        {
            var page = await GetAsync<ConflictsPage>("/_admin/conflicts" + Query(("table", table), ("region", region), ("limit", limit?.ToString()), ("next", next)), ct);
            rows.AddRange(page.LostUpdates);
            next = page.NextToken;
        } while (next is not null);
        return rows;
    }

    public Task<List<LinkRow>> ReplicationAsync(CancellationToken ct = default) => GetAsync<List<LinkRow>>("/_admin/replication", ct);

    /// <summary>Each secondary index's lag in each region, as the server measures it (p50, p99 and last in ms, over its recent samples).</summary>
    public Task<List<IndexLagRow>> IndexesAsync(CancellationToken ct = default) => GetAsync<List<IndexLagRow>>("/_admin/indexes", ct);

    public Task<List<WriteRow>> WritesAsync(IReadOnlyDictionary<string, long> since, CancellationToken ct = default) =>
        GetAsync<List<WriteRow>>("/_admin/writes" + Query(("since", string.Join(",", since.Select(kv => $"{kv.Key}:{kv.Value}")))), ct);

    public Task<List<RegionRow>> RegionsAsync(CancellationToken ct = default) => GetAsync<List<RegionRow>>("/_admin/regions", ct);

    /// <summary>POST /_admin/regions/{region}/{action}; throws with the server's text on refusal.</summary>
    public Task<string> RegionActionAsync(string region, string action, string? query = null, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, $"/_admin/regions/{Uri.EscapeDataString(region)}/{action}{query}", ct);

    /// <summary>GET /_admin/routing: the front door's routing now, shaped as config/routing.json.</summary>
    public Task<FrontDoorRouting> RoutingAsync(CancellationToken ct = default) => GetAsync<FrontDoorRouting>("/_admin/routing", ct);

    /// <summary>
    /// Changes the default routing (<paramref name="scope"/> "default") or a list (<c>tables/T</c>, <c>clients/K</c>; null
    /// <paramref name="regions"/> with <paramref name="remove"/> deletes it): the routing then in force, or the server's
    /// one-line refusal of a mode or region that is not valid.
    /// </summary>
    public async Task<(FrontDoorRouting? Routing, string? Refusal)> ChangeRoutingAsync(string scope, string? mode, IReadOnlyList<string>? regions, bool remove, CancellationToken ct = default)
    {
        var path = "/_admin/routing/" + scope + Query(("mode", mode), ("regions", regions is null ? null : string.Join(",", regions)));
        using var request = new HttpRequestMessage(remove ? HttpMethod.Delete : HttpMethod.Post, path);
        using var response = await _http.SendAsync(request, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return (null, error.RootElement.EnumerateObject().FirstOrDefault(p => p.NameEquals("message") || p.NameEquals("Message")).Value.GetString());
        }
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<FrontDoorRouting>(Json, ct), null);
    }

    async Task<T> GetAsync<T>(string path, CancellationToken ct) =>
        JsonSerializer.Deserialize<T>(await SendAsync(HttpMethod.Get, path, ct), Json) ?? throw new InvalidDataException($"Empty answer from {path}");

    /// <summary>
    /// The answer's body. No answer is a failure that says where it asked; a refusal (4xx) is the command line's
    /// mistake and a server error a failure, each with the server's message.
    /// </summary>
    async Task<string> SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        var url = new Uri(_http.BaseAddress!, path);
        HttpResponseMessage response;
        try { response = await _http.SendAsync(new HttpRequestMessage(method, url), ct); }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            var why = e is HttpRequestException ? e.Message : $"no answer within {_http.Timeout.TotalSeconds:0} s";
            throw new CommandFailedException($"Could not reach {url.GetLeftPart(UriPartial.Path)} ({why}). " +
                "Is `globaltables up` running? Start it with `globaltables up`, or pass the --endpoint or --port-offset it was started with.", e);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode) return body;
            var message = $"{method} {url.PathAndQuery} answered {(int)response.StatusCode}: {ErrorMessage(body)}";
            throw (int)response.StatusCode is >= 400 and < 500 ? new UsageException(message) : new CommandFailedException(message);
        }
    }

    /// <summary>An error body's <c>message</c> when it is DynamoDB's JSON error shape, else its text.</summary>
    static string ErrorMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            foreach (var name in new[] { "message", "Message" })
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var m) && m.GetString() is { } text) return text;
        }
        catch (JsonException) { }
        return body;
    }

    static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join("&", present);
    }

    public void Dispose() => _http.Dispose();
}

public sealed record WriteSide(string Region, string Version, string Context, JsonElement? Image);

public sealed record ConflictsPage(List<ConflictRow> LostUpdates, string? NextToken);

public sealed record ConflictRow(string Table, JsonElement Key, string DetectedIn, DateTimeOffset DetectedAt, WriteSide Winner, WriteSide Loser);

public sealed record LinkRow(string Source, string Destination, string Table, double P50Ms, double P99Ms, double LastMs, long Samples, long Pending, long Backlog);

public sealed record IndexLagRow(string Region, string Table, string Index, double P50Ms, double P99Ms, double LastMs, long Samples);

public sealed record WriteRow(long Sequence, DateTimeOffset At, string Region, string Origin, string Table, string Key, string Kind, string Outcome, string Version);

/// <param name="DownReason">Why the link's last try failed, while it has not delivered since a failure.</param>
public sealed record RegionLinkRow(string To, string Table, string State, double LatencyMs, long Pending, long Backlog, string? DownReason = null);

public sealed record RegionRow(string Name, string State, string? Endpoint, double? CurrentRtoMs, double? LastRtoMs, long? RpoWrites, DateTimeOffset? LastFailedAt, List<RegionLinkRow> Links);
