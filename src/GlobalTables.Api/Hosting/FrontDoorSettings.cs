using System.Text.Json.Serialization;

namespace GlobalTables.Api.Hosting;

/// <summary>
/// config/frontdoor.json: the port that routes each request to the region it was signed for, and where the regions
/// that run in other processes listen.
/// </summary>
public sealed record FrontDoorSettings
{
    [JsonPropertyName("port")] public int Port { get; init; } = 8000;

    /// <summary>
    /// Per region served by other processes (<c>globaltables node</c>, or another <c>up</c>), the HTTP endpoints of its
    /// nodes; each serves the whole region's API. A region this process hosts is served here, whatever is listed.
    /// </summary>
    [JsonPropertyName("remoteRegions")] public Dictionary<string, List<Uri>> RemoteRegions { get; init; } = new();

    /// <summary>How long to wait for a connection to a remote node before trying the region's next one: nothing was sent, so that is safe.</summary>
    [JsonPropertyName("connectTimeoutMs")] public int ConnectTimeoutMs { get; init; } = 1000;

    /// <summary>Reads the file, refusing a property it does not know; a missing file is the defaults.</summary>
    public static FrontDoorSettings Load(string path) => ConfigFile.Load<FrontDoorSettings>(path);
}
