using System.Collections.Concurrent;
using Akka.Actor;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Where each peer region's ActorSystem listens, for Akka.Remote. Filled when the regions are
/// known to each other (in-process at start-up, or from regions/*.json for separate processes).
/// </summary>
public sealed class PeerDirectory
{
    readonly ConcurrentDictionary<string, Address> _peers = new(StringComparer.Ordinal);

    public void Set(string region, Address address) => _peers[region] = address;

    public IReadOnlyCollection<string> Regions => _peers.Keys.ToList();

    public bool Knows(string region) => _peers.ContainsKey(region);

    /// <summary>The address this node was given for a region; its links learn the region's other nodes from it.</summary>
    public Address? Find(string region) => _peers.GetValueOrDefault(region);

    public ActorSelection? Select(ActorSystem system, string region, string path) =>
        Find(region) is { } address ? system.ActorSelection(address + path) : null;
}
