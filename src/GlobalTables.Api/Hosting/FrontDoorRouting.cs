using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// config/routing.json. By default the front door routes by the signing region. A failover list,
/// per table or per client (access key id), sends each request to the first healthy region of it.
/// </summary>
public sealed record FrontDoorRouting
{
    /// <summary>"signing-region" (the default) or "failover": for failover, requests not named below use <see cref="DefaultRegions"/>.</summary>
    [JsonPropertyName("mode")] public string Mode { get; init; } = "signing-region";
    [JsonPropertyName("defaultRegions")] public List<string> DefaultRegions { get; init; } = [];
    [JsonPropertyName("tables")] public Dictionary<string, List<string>> Tables { get; init; } = new();
    [JsonPropertyName("clients")] public Dictionary<string, List<string>> Clients { get; init; } = new();
    /// <summary>How often the front door checks each region's health; failover happens within this.</summary>
    [JsonPropertyName("healthCheckIntervalMs")] public int HealthCheckIntervalMs { get; init; } = 250;
    /// <summary>How long a remote node may take to answer a health check before it counts as unhealthy.</summary>
    [JsonPropertyName("healthCheckTimeoutMs")] public int HealthCheckTimeoutMs { get; init; } = 1000;

    public static FrontDoorRouting Load(string path) =>
        File.Exists(path)
            ? JsonSerializer.Deserialize<FrontDoorRouting>(File.ReadAllText(path), new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip }) ?? new()
            : new();
}
