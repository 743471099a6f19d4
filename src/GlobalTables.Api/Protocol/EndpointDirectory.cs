namespace GlobalTables.Api.Protocol;

/// <summary>The address each region is served at, once the listeners have bound their ports.</summary>
public sealed class EndpointDirectory
{
    readonly Dictionary<string, Uri> _endpoints = new(StringComparer.Ordinal);

    public void Set(string region, Uri endpoint) { lock (_endpoints) _endpoints[region] = endpoint; }

    public Uri? Find(string region) { lock (_endpoints) return _endpoints.GetValueOrDefault(region); }
}
