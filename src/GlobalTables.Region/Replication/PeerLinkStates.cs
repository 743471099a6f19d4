using System.Globalization;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Whether this region's links to each peer are up, as the log says it: a region has one link per table and peer, and each
/// retries every <see cref="ReplicationLinkSettings.RetryDelay"/> while it is down, so the log says a peer's links went down
/// once, when the first of them fails, and up again once, when the last of them has resumed, with how long that took.
/// Each method answers the line to log, or null when there is no change to say.
/// </summary>
public sealed class PeerLinkStates(string region)
{
    sealed class Peer
    {
        public readonly HashSet<string> DownLinks = new(StringComparer.Ordinal);
        public DateTimeOffset DownSince;
        public bool Said;
    }

    readonly Dictionary<string, Peer> _peers = new(StringComparer.Ordinal);

    /// <param name="link">Which of the peer's links: its table's replication tag.</param>
    /// <param name="quiet">An expected stop that is no news: the region is stopping, or the peer's address is not known yet at start.
    /// The link still counts as down, and a later failure for another reason is said.</param>
    public string? Down(string peer, string link, string reason, DateTimeOffset now, bool quiet)
    {
        if (!_peers.TryGetValue(peer, out var state)) _peers[peer] = state = new Peer();
        if (state.DownLinks.Count == 0) state.DownSince = now;
        state.DownLinks.Add(link);
        if (state.Said || quiet) return null;
        state.Said = true;
        return $"link {region} -> {peer} down: {reason}";
    }

    public string? Up(string peer, string link, DateTimeOffset now) => Leave(peer, link, now, saysUp: true);

    /// <summary>A link stopped for good (its table or replica was removed); the peer's other links, if any, tell whether it is up.</summary>
    public string? Removed(string peer, string link, DateTimeOffset now, bool linksRemain) => Leave(peer, link, now, saysUp: linksRemain);

    string? Leave(string peer, string link, DateTimeOffset now, bool saysUp)
    {
        if (!_peers.TryGetValue(peer, out var state) || !state.DownLinks.Remove(link) || state.DownLinks.Count > 0) return null;
        bool said = state.Said;
        state.Said = false;
        return said && saysUp ? string.Create(CultureInfo.InvariantCulture, $"link {region} -> {peer} up again after {(now - state.DownSince).TotalSeconds:F1} s") : null;
    }
}
