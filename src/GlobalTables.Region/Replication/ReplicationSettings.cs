using System.Collections.Concurrent;

namespace GlobalTables.Region.Replication;

/// <summary>Run-time replication settings of one region: the simulated one-way WAN delay to each peer.</summary>
public sealed class ReplicationSettings(IReadOnlyDictionary<string, int> latencyMs, TimeSpan askTimeout, bool simulateLatency)
{
    readonly ConcurrentDictionary<string, int> _latencyMs = new(latencyMs);

    public TimeSpan AskTimeout { get; } = askTimeout;

    public TimeSpan LatencyTo(string peer) =>
        simulateLatency && _latencyMs.TryGetValue(peer, out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.Zero;

    public void SetLatency(string peer, int ms) => _latencyMs[peer] = ms;

    public IReadOnlyDictionary<string, int> Latencies => _latencyMs;

    /// <summary>Cut from every peer: links send nothing and the receiver refuses, both ways.</summary>
    public bool Isolated { get; set; }

    /// <summary>The node is stopping: cut as if isolated, and its links' stops are not news (<see cref="PeerLinkStates"/>).</summary>
    public bool Stopping { get; set; }

    /// <summary>Links send nothing and the receiver refuses.</summary>
    public bool Cut => Isolated || Stopping;
}
