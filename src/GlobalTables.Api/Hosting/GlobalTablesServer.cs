using GlobalTables.Api.Protocol;
using GlobalTables.Model.Validation;
using GlobalTables.Region;
using GlobalTables.Region.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// Every region of regions/ in one process: each a RegionNode with its own DynamoDB endpoint,
/// plus the front door, which routes by the region a request was signed for.
/// </summary>
public sealed class GlobalTablesServer : IAsyncDisposable
{
    readonly List<RegionNode> _regions = [];
    readonly List<HttpListener> _listeners = [];
    readonly EndpointDirectory _endpoints = new();
    readonly Dictionary<string, Uri> _regionEndpoints = new(StringComparer.Ordinal);
    readonly RequestPipeline _pipeline;
    readonly ILoggerFactory _loggerFactory;

    public Uri FrontDoorEndpoint { get; private set; } = null!;
    public IReadOnlyDictionary<string, Uri> RegionEndpoints => _regionEndpoints;
    public IReadOnlyList<RegionNode> Regions => _regions;

    GlobalTablesServer(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory;
        _pipeline = new RequestPipeline(new OperationDispatcher(_endpoints), loggerFactory.CreateLogger<RequestPipeline>());
    }

    public static async Task<GlobalTablesServer> StartAsync(ServerOptions options, ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        var server = new GlobalTablesServer(loggerFactory ?? NullLoggerFactory.Instance);
        try
        {
            await server.StartRegionsAsync(options, ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    async Task StartRegionsAsync(ServerOptions options, CancellationToken ct)
    {
        var akkaConfig = await File.ReadAllTextAsync(Path.Combine(options.ConfigRoot, "config", "akka.conf"), ct);
        var settings = RegionSettings.LoadAll(Path.Combine(options.ConfigRoot, "regions"))
            .Where(r => options.OnlyRegions is null || options.OnlyRegions.Contains(r.Name))
            .ToList();
        if (settings.Count == 0) throw new InvalidOperationException("No regions to start");
        int Port(int configured) => options.EphemeralPorts ? 0 : configured + options.PortOffset;

        foreach (var s in settings)
        {
            ct.ThrowIfCancellationRequested();
            var node = await RegionNode.StartAsync(s, akkaConfig, Path.Combine(options.DataRoot, s.DataFolder ?? s.Name),
                s.RemotingPort == 0 ? 0 : Port(s.RemotingPort), options.SimulateLatency);
            _regions.Add(node);
            var listener = await HttpListener.StartAsync(Port(s.Port), http => ServeRegionAsync(http, node), _loggerFactory);
            _listeners.Add(listener);
            _regionEndpoints[s.Name] = listener.Endpoint;
            _endpoints.Set(s.Name, listener.Endpoint);
        }

        // In one process every region knows every other's address at once.
        foreach (var node in _regions)
            foreach (var peer in _regions.Where(p => p != node))
                node.Peers.Set(peer.Name, peer.Address);

        var frontDoor = FrontDoorSettings.Load(Path.Combine(options.ConfigRoot, "config", "frontdoor.json"));
        var door = await HttpListener.StartAsync(Port(frontDoor.Port), ServeFrontDoorAsync, _loggerFactory);
        _listeners.Add(door);
        FrontDoorEndpoint = door.Endpoint;
    }

    Task ServeRegionAsync(HttpContext http, RegionNode region)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return HealthAsync(http, region.Name);
        return _pipeline.HandleAsync(http, region);
    }

    Task ServeFrontDoorAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method))
        {
            if (http.Request.Path == "/_admin/conflicts") return Admin.ConflictsEndpoint.HandleAsync(http, _regions);
            if (http.Request.Path == "/_admin/replication") return Admin.ReplicationEndpoint.HandleAsync(http, _regions);
            if (http.Request.Path == "/_admin/writes") return Admin.WritesEndpoint.HandleAsync(http, _regions);
        }
        var scope = SigV4Scope.Parse(http.Request.Headers.Authorization);
        var region = scope is null ? _regions[0] : _regions.FirstOrDefault(r => r.Name == scope.Region);
        if (!HttpMethods.IsPost(http.Request.Method)) return HealthAsync(http, region?.Name ?? _regions[0].Name);
        if (region is null)
            return WriteErrorAsync(http, new DynamoException(ErrorCode.UnrecognizedClient,
                $"The region {scope!.Region} named in the request's credential scope is not served here. Regions: {string.Join(", ", _regions.Select(r => r.Name))}"));
        return _pipeline.HandleAsync(http, region);
    }

    static Task HealthAsync(HttpContext http, string region)
    {
        http.Response.ContentType = "text/plain";
        return http.Response.WriteAsync($"healthy: dynamodb.{region}.amazonaws.com ");
    }

    static async Task WriteErrorAsync(HttpContext http, DynamoException error)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        RequestPipeline.WriteError(buffer, error);
        http.Response.StatusCode = 400;
        http.Response.ContentType = "application/x-amz-json-1.0";
        await http.Response.Body.WriteAsync(buffer.WrittenMemory);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var l in _listeners) await l.DisposeAsync();
        foreach (var r in _regions) await r.DisposeAsync();
        _listeners.Clear();
        _regions.Clear();
    }
}
