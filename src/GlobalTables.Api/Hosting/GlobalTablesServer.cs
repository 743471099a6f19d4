using GlobalTables.Api.Protocol;
using GlobalTables.Model.Validation;
using GlobalTables.Region;
using GlobalTables.Region.Configuration;
using GlobalTables.Region.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// Every region of regions/ in one process: each a RegionNode with its own DynamoDB endpoint,
/// plus the front door, which routes by the region a request was signed for (or, in failover
/// mode, to the first healthy region of a list), and which takes the fault actions. A region listed in
/// config/frontdoor.json as running in other processes is reached over HTTP.
/// </summary>
public sealed class GlobalTablesServer : IAsyncDisposable
{
    readonly List<RegionHost> _hosts = [];
    readonly EndpointDirectory _endpoints = new();
    readonly RequestPipeline _pipeline;
    readonly ILoggerFactory _loggerFactory;
    readonly SemaphoreSlim _faults = new(1, 1);
    ServerOptions _options = null!;
    string _akkaConfig = "";
    StoreSettings _store = StoreSettings.Sqlite;
    IReadOnlyList<RegionSettings> _allRegions = [];
    HttpListener? _frontDoor;
    RemoteRegionForwarder? _forwarder;
    RemoteHealthCheck? _healthCheck;
    IReadOnlyList<RemoteRegion> _remotes = [];
    int _disposed;

    /// <summary>The front door's address; null when <see cref="ServerOptions.FrontDoor"/> is off.</summary>
    public Uri FrontDoorEndpoint { get; private set; } = null!;
    public IReadOnlyDictionary<string, Uri> RegionEndpoints =>
        _hosts.Where(h => h.Endpoint is not null).ToDictionary(h => h.Name, h => h.Endpoint!, StringComparer.Ordinal);
    /// <summary>The regions that are up.</summary>
    public IReadOnlyList<RegionNode> Regions => _hosts.Where(h => h.Node is not null).Select(h => h.Node!).ToList();
    public IReadOnlyList<RegionHost> Hosts => _hosts;
    public FrontDoorRouter Router { get; private set; } = null!;
    /// <summary>The largest request body the endpoints read (config/akka.conf).</summary>
    public RequestBodyLimit BodyLimit { get; private set; } = null!;
    /// <summary>The web console's pace and page sizes (config/akka.conf).</summary>
    public WebConsole.ConsoleSettings ConsoleSettings { get; private set; } = null!;

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

    int Port(int configured) => _options.EphemeralPorts ? 0 : configured + _options.PortOffset;

    async Task StartRegionsAsync(ServerOptions options, CancellationToken ct)
    {
        _options = options;
        _pipeline.Access = Auth.AccessControl.Load(options.ConfigRoot, options.AuthMode);
        _akkaConfig = await File.ReadAllTextAsync(Path.Combine(options.ConfigRoot, "config", "akka.conf"), ct);
        // HOCON: a later definition of a key wins.
        if (options.ConfigOverrides is { } overrides) _akkaConfig += "\n" + overrides;
        var config = Akka.Configuration.ConfigurationFactory.ParseString(_akkaConfig);
        _pipeline.BodyLimit = BodyLimit = RequestBodyLimit.From(config);
        _pipeline.Compression = ResponseCompression.From(config);
        ConsoleSettings = WebConsole.ConsoleSettings.From(config.GetConfig("globaltables.console"));
        _store = StoreSettings.From(config.GetConfig("globaltables.store")).Override(options.Store, options.StoreConnection);
        _allRegions = RegionSettings.LoadAll(Path.Combine(options.ConfigRoot, "regions"));
        var settings = _allRegions.Where(r => options.OnlyRegions is null || options.OnlyRegions.Contains(r.Name)).ToList();
        if (settings.Count == 0) throw new InvalidOperationException("No regions to start");
        if ((options.SeedNodes.Count > 0 || options.SharedJournal is not null) && settings.Count != 1)
            throw new InvalidOperationException("A node that joins a region's cluster, or shares its journal, runs that one region only");
        var frontDoor = options.FrontDoor ? options.FrontDoorSettings ?? FrontDoorSettings.Load(Path.Combine(options.ConfigRoot, "config", "frontdoor.json")) : null;
        var regions = _allRegions.Select(r => r.Name).Concat(frontDoor?.RemoteRegions.Keys ?? Enumerable.Empty<string>()).Distinct().ToList();
        var routing = LoadRouting(regions);

        // A refused start must change nothing: every port is checked and every data folder locked before any
        // region opens its store. On a refusal StartAsync disposes this server, which lets go of the locks.
        ThrowIfAnyPortInUse(settings, frontDoor);
        foreach (var s in settings)
            _hosts.Add(new RegionHost(s, DataFolderLock.Acquire(Path.Combine(options.DataRoot, s.DataFolder ?? s.Name))));

        foreach (var host in _hosts)
        {
            ct.ThrowIfCancellationRequested();
            options.Progress?.Invoke(new StartStep(host.Name, null));
            await StartHostAsync(host);
            options.Progress?.Invoke(new StartStep(host.Name, host.Endpoint));
        }
        ConnectPeers();

        if (frontDoor is not null) StartRemoteRegions(frontDoor, routing);
        Router = new FrontDoorRouter(routing, regions, _hosts, _remotes, BodyLimit);
        if (frontDoor is null) return;
        options.Progress?.Invoke(new StartStep(StartStep.FrontDoor, null));
        _frontDoor = await HttpListener.StartAsync(Port(frontDoor.Port), ServeFrontDoorAsync, _loggerFactory);
        FrontDoorEndpoint = _frontDoor.Endpoint;
        options.Progress?.Invoke(new StartStep(StartStep.FrontDoor, FrontDoorEndpoint));
    }

    /// <summary>
    /// The routing of <see cref="ServerOptions.Routing"/> or config/routing.json, checked against the configured
    /// <paramref name="regions"/> before anything starts: a typo would otherwise route by the signing region unnoticed.
    /// </summary>
    FrontDoorRouting LoadRouting(IReadOnlyList<string> regions)
    {
        var path = Path.Combine(_options.ConfigRoot, "config", "routing.json");
        var routing = _options.Routing ?? FrontDoorRouting.Load(path);
        if (routing.Problem(regions) is { } problem) throw new ConfigFileException(_options.Routing is null ? path : nameof(ServerOptions.Routing), problem);
        return routing;
    }

    /// <summary>The regions of config/frontdoor.json that run elsewhere: the forwarder to their nodes and the health checks of them.</summary>
    void StartRemoteRegions(FrontDoorSettings frontDoor, FrontDoorRouting routing)
    {
        var logger = _loggerFactory.CreateLogger<RemoteNode>();
        foreach (var hosted in frontDoor.RemoteRegions.Keys.Where(r => _hosts.Any(h => h.Name == r)))
            logger.LogWarning("front door: {Region} is hosted in this process; its remote endpoints in frontdoor.json are not used", hosted);
        _remotes = frontDoor.RemoteRegions
            .Where(r => r.Value.Count > 0 && !_hosts.Any(h => h.Name == r.Key))
            .Select(r => new RemoteRegion(r.Key, r.Value.Select(endpoint => new RemoteNode(r.Key, endpoint, logger)).ToList()))
            .ToList();
        if (_remotes.Count == 0) return;
        _forwarder = new RemoteRegionForwarder(frontDoor);
        _healthCheck = RemoteHealthCheck.Start(_remotes, _forwarder.Client, routing);
    }

    /// <summary>The fixed ports this start will listen on, region endpoints first; ephemeral ones (0) cannot be taken.</summary>
    void ThrowIfAnyPortInUse(IReadOnlyList<RegionSettings> settings, FrontDoorSettings? frontDoor)
    {
        if (_options.EphemeralPorts) return;
        foreach (var s in settings.Where(s => s.Port != 0))
            PortInUseException.ThrowIfInUse(Port(s.Port), $"{s.Name} DynamoDB endpoint");
        if (frontDoor is { Port: not 0 })
            PortInUseException.ThrowIfInUse(Port(frontDoor.Port), "front door");
        foreach (var s in settings.Where(s => s.RemotingPort != 0))
            PortInUseException.ThrowIfInUse(Port(s.RemotingPort), $"{s.Name} Akka.Remote");
    }

    async Task StartHostAsync(RegionHost host)
    {
        var s = host.Settings;
        // A recovered region comes back on the ports it had, so clients and peers find it again.
        var remotingPort = host.RemotingPort ?? (s.RemotingPort == 0 ? 0 : Port(s.RemotingPort));
        var node = await RegionNode.StartAsync(s, _akkaConfig, host.DataFolder, remotingPort, _options.SimulateLatency, _options.Time, _store,
            _options.SeedNodes.Select(seed => SeedAddress(s.Name, seed)).ToList(), _options.SharedJournal);
        try
        {
            host.Listener = await HttpListener.StartAsync(host.Endpoint?.Port ?? Port(s.Port), http => ServeRegionAsync(http, node), _loggerFactory);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        host.Node = node;
        host.RemotingPort = node.Address.Port;
        host.Endpoint = host.Listener.Endpoint;
        _endpoints.Set(s.Name, host.Endpoint);
    }

    /// <summary>The address of a region's node given as HOST:PORT, its remoting port.</summary>
    static Akka.Actor.Address SeedAddress(string region, string seed)
    {
        int colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), out int port))
            throw new ArgumentException($"A seed node is HOST:PORT, the remoting address of a node of {region}: {seed}");
        return RegionNode.AddressOf(region, port, seed[..colon]);
    }

    /// <summary>Tells every node where each peer listens: hosted ones by their live address, the rest from regions/*.json.</summary>
    void ConnectPeers()
    {
        foreach (var node in Regions)
        {
            foreach (var peer in _allRegions.Where(r => r.Name != node.Name))
            {
                var hosted = _hosts.FirstOrDefault(h => h.Name == peer.Name);
                if (hosted?.Node is { } live) node.Peers.Set(peer.Name, live.Address);
                else if (hosted is null && !_options.EphemeralPorts && peer.RemotingPort != 0)
                    node.Peers.Set(peer.Name, RegionNode.AddressOf(peer.Name, peer.RemotingPort + (_options.PeerPortOffset ?? _options.PortOffset)));
            }
        }
    }

    RegionHost Host(string region) => _hosts.FirstOrDefault(h => h.Name == region)
        ?? throw new KeyNotFoundException($"No region {region} is hosted here. Regions: {string.Join(", ", _hosts.Select(h => h.Name))}");

    /// <summary>Stops a region: its endpoint refuses, its links stop both ways. Records the RPO first.</summary>
    public async Task FailAsync(string region)
    {
        await _faults.WaitAsync();
        try
        {
            var host = Host(region);
            if (host.Node is not { } node) return;
            host.RpoAtFailure = await RecoveryPoint(node);
            host.FailedAt = DateTimeOffset.UtcNow;
            host.Node = null;
            await host.Listener!.DisposeAsync();
            host.Listener = null;
            var (address, incarnation) = (node.Address, node.Incarnation);
            await node.DisposeAsync();
            foreach (var peer in Regions) peer.Quarantine(address, incarnation);
        }
        finally { _faults.Release(); }
    }

    /// <summary>Brings a failed region back from its SQLite files; its backlog drains both ways.</summary>
    public async Task RecoverAsync(string region)
    {
        await _faults.WaitAsync();
        try
        {
            var host = Host(region);
            if (host.Node is not null) return;
            await StartHostAsync(host);
            ConnectPeers();
            host.Node!.AnnounceReachable();
        }
        finally { _faults.Release(); }
    }

    public void Isolate(string region, bool isolated)
    {
        if (Host(region).Node is { } node) node.Isolate(isolated);
    }

    public void SetLatency(string region, string peer, int ms)
    {
        if (Host(region).Node is { } node) node.Replication.SetLatency(peer, ms);
    }

    /// <summary>Writes acknowledged here that no peer has confirmed: per table, the least any one peer is missing.</summary>
    static async Task<long> RecoveryPoint(RegionNode node)
    {
        var links = await node.ReplicationMetricsAsync();
        return links.GroupBy(l => l.Table).Sum(g => g.Min(l => l.Latency.Backlog));
    }

    Task ServeRegionAsync(HttpContext http, RegionNode region)
    {
        if (!HttpMethods.IsPost(http.Request.Method)) return HealthAsync(http, region.Name);
        return _pipeline.HandleAsync(http, region);
    }

    async Task ServeFrontDoorAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/_admin"))
        {
            await Admin.AdminEndpoints.HandleAsync(http, this);
            return;
        }
        if (http.Request.Path.StartsWithSegments("/console"))
        {
            await WebConsole.ConsoleEndpoints.HandleAsync(http, this);
            return;
        }
        var scope = SigV4Scope.Parse(http.Request.Headers.Authorization);
        var signed = scope?.Region ?? _hosts[0].Name;
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            await HealthAsync(http, signed);
            return;
        }
        var route = await Router.RouteAsync(http, signed, scope?.AccessKeyId);
        // Every refusal marks a node unhealthy, so routing again moves on to another node or region; bounded, since
        // a health check may find a node well again meanwhile.
        for (var attempt = 0; route.Remote is { } remote; attempt++)
        {
            switch (await _forwarder!.ForwardAsync(http, remote))
            {
                case RemoteRegionForwarder.Outcome.Answered:
                    Router.Served(route, http.Response.StatusCode);
                    return;
                case RemoteRegionForwarder.Outcome.Abandoned:
                    return;
                case RemoteRegionForwarder.Outcome.Lost:
                    route = Router.Unavailable(route.Preferred, $"The region {remote.Name} failed before answering; the request may have been applied");
                    break;
                default:
                    route = attempt < _remotes.Sum(r => r.Nodes.Count) ? await Router.RouteAsync(http, signed, scope?.AccessKeyId) : Router.Unavailable(route.Preferred);
                    break;
            }
        }
        if (route.Error is not null)
        {
            // A node that failed while its answer was streaming has had the connection aborted: nothing more to say.
            if (!http.Response.HasStarted) await WriteErrorAsync(http, route.Error);
            return;
        }
        await _pipeline.HandleAsync(http, route.Node!);
        Router.Served(route, http.Response.StatusCode);
    }

    static Task HealthAsync(HttpContext http, string region)
    {
        http.Response.ContentType = "text/plain";
        return http.Response.WriteAsync($"healthy: dynamodb.{region}.amazonaws.com ");
    }

    internal static async Task WriteErrorAsync(HttpContext http, DynamoException error)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        RequestPipeline.WriteError(buffer, error);
        http.Response.StatusCode = Errors.DynamoErrors.StatusOf(error.Code);
        http.Response.ContentType = "application/x-amz-json-1.0";
        await http.Response.Body.WriteAsync(buffer.WrittenMemory);
    }

    /// <summary>Stops the front door and every region; once, however often it is called.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_frontDoor is not null) await _frontDoor.DisposeAsync();
        if (_healthCheck is not null) await _healthCheck.DisposeAsync();
        _forwarder?.Dispose();
        // Every region stops replicating before the first stops, so that none takes another's stop for a failure.
        foreach (var node in Regions) node.StopReplication();
        foreach (var host in _hosts)
        {
            if (host.Listener is not null) await host.Listener.DisposeAsync();
            if (host.Node is not null) await host.Node.DisposeAsync();
            host.Listener = null;
            host.Node = null;
            // Only once the node has closed its SQLite files may another start open them.
            host.FolderLock.Dispose();
        }
    }
}
