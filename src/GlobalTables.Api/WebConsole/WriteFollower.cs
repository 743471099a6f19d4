using GlobalTables.Region;
using GlobalTables.Region.Replication;

namespace GlobalTables.Api.WebConsole;

/// <summary>
/// Where one console stream is in each region's write feed. A region that recovers is a new node with a new feed,
/// numbered from the start again, so positions are kept per node, not per region name.
/// </summary>
public sealed class WriteFollower(int backlog)
{
    readonly Dictionary<RegionNode, long> _after = new(ReferenceEqualityComparer.Instance);

    /// <summary>The writes each region's feed gained since the last call, oldest first; a node seen first gives its last <c>backlog</c>.</summary>
    public IReadOnlyList<FeedEntry> Next(IReadOnlyList<RegionNode> regions)
    {
        foreach (var gone in _after.Keys.Where(node => !regions.Contains(node)).ToList()) _after.Remove(gone);
        var gained = new List<FeedEntry>();
        foreach (var node in regions)
        {
            var known = _after.TryGetValue(node, out var after);
            var page = node.Feed.Since(after);
            gained.AddRange(known ? page.Entries : page.Entries.TakeLast(backlog));
            _after[node] = page.Through;
        }
        return gained.OrderBy(e => e.At).ToList();
    }
}
