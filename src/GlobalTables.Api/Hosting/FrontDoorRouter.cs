using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Validation;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// Picks the region for each front-door request, hosted here or in other processes (<paramref name="remotes"/>),
/// and measures the recovery time objective: how long requests for a region failed before one was served again.
/// Its routing can be changed while it serves (<see cref="Change"/>), among the configured <paramref name="regions"/>.
/// </summary>
public sealed class FrontDoorRouter(FrontDoorRouting routing, IReadOnlyList<string> regions, IReadOnlyList<RegionHost> hosts,
    IReadOnlyList<RemoteRegion> remotes, RequestBodyLimit bodyLimit)
{
    /// <summary>Where a request goes: a node hosted here, a region in other processes, or nowhere, with the error to answer.</summary>
    public sealed record Route(string Preferred, RegionNode? Node, RemoteRegion? Remote, DynamoException? Error);

    readonly object _gate = new();
    readonly Dictionary<string, DateTimeOffset> _outageSince = new(StringComparer.Ordinal);
    readonly Dictionary<string, TimeSpan> _lastRto = new(StringComparer.Ordinal);
    // A region that failed is seen as down only once a health check finds it so, as in a real load balancer.
    readonly Dictionary<string, DateTimeOffset> _seenDown = new(StringComparer.Ordinal);

    FrontDoorRouting _routing = routing;

    /// <summary>The routing the next request goes by.</summary>
    public FrontDoorRouting Routing => Volatile.Read(ref _routing);
    /// <summary>The regions a routing may name: those of regions/ and the remote ones of config/frontdoor.json.</summary>
    public IReadOnlyList<string> Regions => regions;
    /// <summary>The regions served by other processes, with their nodes' health.</summary>
    public IReadOnlyList<RemoteRegion> Remotes => remotes;

    /// <summary>
    /// Applies <paramref name="change"/> to the routing, from the next request on, unless the result has a problem
    /// (<see cref="FrontDoorRouting.Problem"/>), which is returned and changes nothing. Held in memory: config/routing.json is not written.
    /// </summary>
    public string? Change(Func<FrontDoorRouting, FrontDoorRouting> change)
    {
        lock (_gate)
        {
            var next = change(_routing);
            if (next.Problem(regions) is { } problem) return problem;
            Volatile.Write(ref _routing, next);
            return null;
        }
    }

    public async Task<Route> RouteAsync(HttpContext http, string signedRegion, string? accessKeyId)
    {
        var candidates = await CandidatesAsync(http, signedRegion, accessKeyId);
        var preferred = candidates[0];
        foreach (var region in candidates)
        {
            var host = hosts.FirstOrDefault(h => h.Name == region);
            if (host is null)
            {
                // A remote region with no healthy node has been seen down by the health checks: on to the next.
                if (remotes.FirstOrDefault(r => r.Name == region) is { AnyHealthy: true } remote) return new Route(preferred, null, remote, null);
                continue;
            }
            if (host.Node is { } node) return new Route(preferred, node, null, null);
            if (!IsSeenDown(host) || candidates.Count == 1) break;
        }
        if (!hosts.Any(h => h.Name == preferred) && !remotes.Any(r => r.Name == preferred))
            return Failed(preferred, new DynamoException(ErrorCode.UnrecognizedClient,
                $"The region {preferred} named in the request's credential scope is not served here. Regions: {string.Join(", ", hosts.Select(h => h.Name).Concat(remotes.Select(r => r.Name)))}"));
        return Unavailable(preferred);
    }

    /// <summary>What the front door answers for a region that is down: DynamoDB's 503, which SDKs retry.</summary>
    public Route Unavailable(string preferred, string? message = null) =>
        Failed(preferred, new DynamoException(ErrorCode.ServiceUnavailable, message ?? $"The region {preferred} is unavailable"));

    Route Failed(string preferred, DynamoException error)
    {
        if (error.Code == ErrorCode.ServiceUnavailable)
            lock (_gate) _outageSince.TryAdd(preferred, DateTimeOffset.UtcNow);
        return new Route(preferred, null, null, error);
    }

    /// <summary>A request for <paramref name="route"/>'s preferred region was served: an outage, if any, ends.</summary>
    public void Served(Route route, int status)
    {
        if (status >= 500) return;
        lock (_gate)
        {
            if (_outageSince.Remove(route.Preferred, out var since)) _lastRto[route.Preferred] = DateTimeOffset.UtcNow - since;
        }
    }

    /// <summary>How long requests for this region have been failing now, or how long they failed last time.</summary>
    public (TimeSpan? Current, TimeSpan? Last) Rto(string region)
    {
        lock (_gate)
        {
            TimeSpan? current = _outageSince.TryGetValue(region, out var since) ? DateTimeOffset.UtcNow - since : null;
            return (current, _lastRto.TryGetValue(region, out var last) ? last : null);
        }
    }

    bool IsSeenDown(RegionHost host)
    {
        // Health checks run on this interval, so a failure is noticed within it.
        var interval = TimeSpan.FromMilliseconds(Routing.HealthCheckIntervalMs);
        lock (_gate)
        {
            if (host.FailedAt is not { } failedAt) return true;
            if (_seenDown.TryGetValue(host.Name, out var seen) && seen >= failedAt) return true;
            var next = failedAt + interval;
            if (DateTimeOffset.UtcNow < next) return false;
            _seenDown[host.Name] = DateTimeOffset.UtcNow;
            return true;
        }
    }

    async Task<List<string>> CandidatesAsync(HttpContext http, string signedRegion, string? accessKeyId)
    {
        var current = Routing;
        if (accessKeyId is not null && current.Clients.TryGetValue(accessKeyId, out var forClient) && forClient.Count > 0) return forClient;
        if (current.Tables.Count > 0 && await TableNameAsync(http) is { } table && current.Tables.TryGetValue(table, out var forTable) && forTable.Count > 0)
            return forTable;
        if (current.Mode == FrontDoorRouting.Failover && current.DefaultRegions.Count > 0) return current.DefaultRegions;
        return [signedRegion];
    }

    /// <summary>Peeks at TableName, leaving the body for the pipeline to read again. A body past the limit is not read here.</summary>
    async Task<string?> TableNameAsync(HttpContext http)
    {
        if (bodyLimit.MayExceed(http.Request)) return null;
        http.Request.EnableBuffering();
        try
        {
            // A compressed body is peeked at decoded, through a stream that leaves the buffered body open.
            await using var decoded = RequestContentEncoding.CodingOf(http.Request) is { } coding
                ? RequestContentEncoding.DecodingStream(coding, http.Request.Body, leaveOpen: true) : null;
            using var document = await JsonDocument.ParseAsync(decoded ?? http.Request.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("TableName", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString() : null;
        }
        // The pipeline answers a body that is not JSON, or not in its coding.
        catch (Exception e) when (e is JsonException or InvalidDataException or DynamoException) { return null; }
        finally { http.Request.Body.Position = 0; }
    }
}
