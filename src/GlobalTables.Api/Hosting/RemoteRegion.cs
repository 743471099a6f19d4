namespace GlobalTables.Api.Hosting;

/// <summary>
/// A region served by other processes, as the front door sees it: its nodes, each serving the whole region's API.
/// Each request starts at the next node in turn, so the healthy ones share the load.
/// </summary>
public sealed class RemoteRegion(string name, IReadOnlyList<RemoteNode> nodes)
{
    int _next = -1;

    public string Name => name;
    public IReadOnlyList<RemoteNode> Nodes => nodes;
    public bool AnyHealthy => nodes.Any(n => n.Healthy);

    /// <summary>The healthy nodes, in the order to try them for one request; each is checked again when its turn comes.</summary>
    public IEnumerable<RemoteNode> HealthyNodes()
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[(start + i) % nodes.Count];
            if (node.Healthy) yield return node;
        }
    }
}
