using GlobalTables.Api.Hosting;
using GlobalTables.Region;
using GlobalTables.Region.Configuration;

namespace GlobalTables.Cli.Chaos;

/// <summary>
/// The extra nodes of a chaos run: <c>globaltables node</c> processes that join the cluster of the run's first region,
/// whose node in the run's process is the oldest and keeps the region's singletons. Each has its own data folder and
/// the ports of that region plus its own offset, so a restart comes back where it was. Disposing kills them all.
/// </summary>
/// <param name="region">The first region as the run's process hosts it: the seed the nodes join.</param>
/// <param name="runOffset">The port offset of the run's process; node k listens at this plus 10 k.</param>
/// <param name="store">The arguments naming the region's shared store, as for <c>node</c>.</param>
public sealed class ChaosNodes(int count, RegionHost region, int runOffset, string dataRoot, string configRoot, IReadOnlyList<string> store,
    Action<string> log) : IDisposable
{
    // Ports per process: the DynamoDB ports of regions/*.json span less than 10, and so do their remoting ports.
    const int Block = 10;
    // Offsets that end in 5, from here, put every port above the system's ephemeral ports (61000 and up) and off the
    // ports of the tests' offsets, which end in 0: runs in parallel with those tests never meet them.
    const int FirstOffset = 53005, HighestPort = 65535, OffsetDraws = 20;
    static readonly TimeSpan JoinMax = TimeSpan.FromSeconds(90), ExitMax = TimeSpan.FromSeconds(10);

    readonly GlobalTablesProcess?[] _processes = new GlobalTablesProcess?[count + 1];

    /// <summary>A port offset for the run's process whose ports, and the nodes' after it, are free now.</summary>
    public static int FreeOffset(int nodes, IReadOnlyList<RegionSettings> regions)
    {
        var highest = regions.Max(r => Math.Max(r.Port, r.RemotingPort));
        var span = Block * (nodes + 1);
        var first = regions[0];
        for (var draw = 0; draw < OffsetDraws; draw++)
        {
            var offset = FirstOffset + Random.Shared.Next(0, (HighestPort - highest - FirstOffset) / span) * span;
            var ports = regions.SelectMany(r => new[] { r.Port + offset, r.RemotingPort + offset })
                .Concat(Enumerable.Range(1, nodes).SelectMany(k => new[] { first.Port + offset + Block * k, first.RemotingPort + offset + Block * k }));
            try
            {
                foreach (var port in ports) PortInUseException.ThrowIfInUse(port, "chaos");
                return offset;
            }
            catch (PortInUseException) { }
        }
        throw new InvalidOperationException($"No free block of ports for {nodes} nodes after {OffsetDraws} draws; pass --port-offset");
    }

    /// <summary>Node k's DynamoDB endpoint: the region's.</summary>
    public Uri Endpoint(int node) => new($"http://127.0.0.1:{region.Settings.Port + runOffset + Block * node}/");

    /// <summary>Starts node k, or starts it again after a kill, on its ports and data folder; it joins as a new incarnation.</summary>
    public void Start(int node)
    {
        _processes[node]?.Dispose();
        _processes[node] = GlobalTablesProcess.Start(
            ["node", "--region", region.Name, "--seed-node", $"127.0.0.1:{region.RemotingPort}",
             "--port-offset", (runOffset + Block * node).ToString(), "--peer-port-offset", runOffset.ToString(),
             "--data", Path.Combine(dataRoot, $"node{node}"), "--config", configRoot, .. store],
            line => log($"node{node}: {line}"));
    }

    /// <summary>SIGKILL of node k, once it has exited, so that a restart finds its ports and data folder free.</summary>
    public async Task KillAsync(int node)
    {
        var process = _processes[node] ?? throw new InvalidOperationException($"node{node} is not running");
        process.Kill();
        await process.WaitForExitAsync(ExitMax);
    }

    /// <summary>
    /// Waits until every node's process has started and the region's first node reaches them all as members that are up.
    /// A node's "ready" comes after it is up in the cluster, so a killed one's old incarnation, gone but not yet found
    /// unreachable, is not counted in its place.
    /// </summary>
    public async Task WaitUntilAllUpAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + JoinMax;
        for (var node = 1; node <= count; node++)
        {
            var process = _processes[node] ?? throw new InvalidOperationException($"node{node} was never started");
            await process.WaitUntilReadyAsync(Remaining(deadline)).WaitAsync(ct);
        }
        while (region.Node?.ReachableNodes != count + 1)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{region.Name} reaches {region.Node?.ReachableNodes} of its {count + 1} nodes after {JoinMax.TotalSeconds:0} s");
            await Task.Delay(100, ct);
        }
    }

    static TimeSpan Remaining(DateTime deadline) => deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    public void Dispose()
    {
        foreach (var process in _processes) process?.Dispose();
    }
}
