using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlobalTables.Region.Configuration;

/// <summary>One simulated region, as a file in regions/ describes it.</summary>
public sealed record RegionSettings
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    /// <summary>The DynamoDB endpoint's port.</summary>
    [JsonPropertyName("port")] public int Port { get; init; }
    /// <summary>Akka remoting port; 0 picks a free one.</summary>
    [JsonPropertyName("remotingPort")] public int RemotingPort { get; init; }
    /// <summary>Relative to the data root.</summary>
    [JsonPropertyName("dataFolder")] public string? DataFolder { get; init; }
    /// <summary>Simulated one-way WAN latency to each peer region, in milliseconds.</summary>
    [JsonPropertyName("latencyMs")] public Dictionary<string, int> LatencyMs { get; init; } = new();

    static readonly JsonSerializerOptions Options = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static IReadOnlyList<RegionSettings> LoadAll(string regionsFolder)
    {
        if (!Directory.Exists(regionsFolder))
            throw new DirectoryNotFoundException($"No regions folder at {regionsFolder}");
        return Directory.GetFiles(regionsFolder, "*.json")
            .Select(f => JsonSerializer.Deserialize<RegionSettings>(File.ReadAllText(f), Options)
                         ?? throw new InvalidDataException($"Empty region file {f}"))
            .OrderBy(r => r.Port)
            .ToList();
    }
}
