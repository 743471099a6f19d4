using System.Globalization;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Whether this region's links to each peer are up, as the log says it: a region has one link per table and peer, and each
/// retries every <see cref="ReplicationLinkSettings.RetryDelay"/> while it is down, so the log says a peer's links went down
/// once, when the first of them fails, and up again once, when the last of them has resumed, with how long that took.
/// A failure for a reason not said yet while the peer is down is said once too ("still down"): a link that went down on a
/// timeout and now fails for another cause shows why it stays down. Each line names the step of the link that failed
/// first for its reason. Each method answers the line to log, or null when there is no change to say.
/// </summary>
public sealed class PeerLinkStates(string region)
{
    sealed class Peer
    {
        public readonly HashSet<string> DownLinks = new(StringComparer.Ordinal);
        public DateTimeOffset DownSince;
        public bool Said;
        public readonly HashSet<string> ReasonsSaid = new(StringComparer.Ordinal);
    }

    readonly Dictionary<string, Peer> _peers = new(StringComparer.Ordinal);

    /// <param name="link">Which of the peer's links: its table's replication tag.</param>
    /// <param name="quiet">An expected stop that is no news: the region is stopping, or the peer's address is not known yet at start.
    /// The link still counts as down, and a later failure for another reason is said.</param>
    /// <param name="step">What the link was doing when it failed; null when the failure is not one of its steps.</param>
    public string? Down(string peer, string link, string reason, string? step, DateTimeOffset now, bool quiet)
    {
        if (!_peers.TryGetValue(peer, out var state)) _peers[peer] = state = new Peer();
        if (state.DownLinks.Count == 0) state.DownSince = now;
        state.DownLinks.Add(link);
        if (quiet || !state.ReasonsSaid.Add(reason)) return null;
        if (state.Said) return $"link {region} -> {peer} still down: {Describe(reason, step)}";
        state.Said = true;
        return $"link {region} -> {peer} down: {Describe(reason, step)}";
    }

    /// <summary>A failure's reason with the step it happened in, as the log and /_admin/regions say it.</summary>
    public static string Describe(string reason, string? step) => step is null ? reason : $"{reason} (while {step})";

    public string? Up(string peer, string link, DateTimeOffset now) => Leave(peer, link, now, saysUp: true);

    /// <summary>A link stopped for good (its table or replica was removed); the peer's other links, if any, tell whether it is up.</summary>
    public string? Removed(string peer, string link, DateTimeOffset now, bool linksRemain) => Leave(peer, link, now, saysUp: linksRemain);

    string? Leave(string peer, string link, DateTimeOffset now, bool saysUp)
    {
        if (!_peers.TryGetValue(peer, out var state) || !state.DownLinks.Remove(link) || state.DownLinks.Count > 0) return null;
        bool said = state.Said;
        state.Said = false;
        state.ReasonsSaid.Clear();
        return said && saysUp ? string.Create(CultureInfo.InvariantCulture, $"link {region} -> {peer} up again after {(now - state.DownSince).TotalSeconds:F1} s") : null;
    }
}
