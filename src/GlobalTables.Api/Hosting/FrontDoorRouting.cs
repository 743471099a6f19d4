using System.Text.Json.Serialization;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// config/routing.json. By default the front door routes by the signing region. A failover list,
/// per table or per client (access key id), sends each request to the first healthy region of it.
/// Immutable: a change at run time (<see cref="FrontDoorRouter.Change"/>) makes a new one, so a request routes by one whole routing.
/// </summary>
public sealed record FrontDoorRouting
{
    public const string SigningRegion = "signing-region";
    public const string Failover = "failover";
    /// <summary>The values of <see cref="Mode"/>.</summary>
    public static readonly IReadOnlyList<string> Modes = [SigningRegion, Failover];

    /// <summary>"signing-region" (the default) or "failover": for failover, requests not named below use <see cref="DefaultRegions"/>.</summary>
    [JsonPropertyName("mode")] public string Mode { get; init; } = SigningRegion;
    [JsonPropertyName("defaultRegions")] public List<string> DefaultRegions { get; init; } = [];
    [JsonPropertyName("tables")] public Dictionary<string, List<string>> Tables { get; init; } = new();
    [JsonPropertyName("clients")] public Dictionary<string, List<string>> Clients { get; init; } = new();
    /// <summary>How often the front door checks each region's health; failover happens within this.</summary>
    [JsonPropertyName("healthCheckIntervalMs")] public int HealthCheckIntervalMs { get; init; } = 250;
    /// <summary>How long a remote node may take to answer a health check before it counts as unhealthy.</summary>
    [JsonPropertyName("healthCheckTimeoutMs")] public int HealthCheckTimeoutMs { get; init; } = 1000;

    /// <summary>Reads the file, refusing a property it does not know; a missing file is the defaults.</summary>
    public static FrontDoorRouting Load(string path) => ConfigFile.Load<FrontDoorRouting>(path);

    /// <summary>The first thing wrong with this routing in a deployment of <paramref name="regions"/>, in one line naming the valid values; null when none.</summary>
    public string? Problem(IReadOnlyCollection<string> regions)
    {
        if (!Modes.Contains(Mode)) return $"mode \"{Mode}\" is not a routing mode: {string.Join(" or ", Modes)}";
        if (Mode == Failover && DefaultRegions.Count == 0) return "mode \"failover\" needs defaultRegions, the regions to try in order";
        if (HealthCheckIntervalMs <= 0 || HealthCheckTimeoutMs <= 0) return "healthCheckIntervalMs and healthCheckTimeoutMs are at least 1";
        var lists = new[] { ("defaultRegions", DefaultRegions) }
            .Concat(Tables.Select(t => ($"tables.{t.Key}", t.Value)))
            .Concat(Clients.Select(c => ($"clients.{c.Key}", c.Value)));
        foreach (var (where, list) in lists)
        {
            // An empty default list is fine while the mode does not use it; an empty table or client list would do nothing.
            if (list.Count == 0 && where != "defaultRegions") return $"{where} lists no region; name one or more of {string.Join(", ", regions)}";
            if (list.FirstOrDefault(r => !regions.Contains(r)) is { } unknown)
                return $"region \"{unknown}\" in {where} is not a configured region: {string.Join(", ", regions)}";
        }
        return null;
    }

    /// <summary>This routing with another default: <paramref name="regions"/> null keeps the default list.</summary>
    public FrontDoorRouting WithDefault(string? mode, List<string>? regions) =>
        this with { Mode = mode ?? Mode, DefaultRegions = regions ?? DefaultRegions };

    /// <summary>This routing with <paramref name="table"/>'s failover list set, or removed (null): its requests then route by the default.</summary>
    public FrontDoorRouting WithTable(string table, List<string>? regions) => this with { Tables = Replaced(Tables, table, regions) };

    /// <summary>This routing with a client's (access key id's) failover list set, or removed (null).</summary>
    public FrontDoorRouting WithClient(string accessKeyId, List<string>? regions) => this with { Clients = Replaced(Clients, accessKeyId, regions) };

    // A copy: the routing a request already read must not change under it.
    static Dictionary<string, List<string>> Replaced(Dictionary<string, List<string>> lists, string name, List<string>? regions)
    {
        var copy = new Dictionary<string, List<string>>(lists, lists.Comparer);
        if (regions is null) copy.Remove(name);
        else copy[name] = regions;
        return copy;
    }
}
