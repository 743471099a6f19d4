using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlobalTables.Api.Hosting;

/// <summary>config/frontdoor.json: the port that routes each request to the region it was signed for.</summary>
public sealed record FrontDoorSettings
{
    [JsonPropertyName("port")] public int Port { get; init; } = 8000;

    public static FrontDoorSettings Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<FrontDoorSettings>(File.ReadAllText(path)) ?? new() : new();
}
