namespace GlobalTables.Model.Replication;

/// <summary>
/// Which node of a peer region a replication link sends to. The link is given one address of the region (from
/// regions/*.json, or the node in its own process) and learns the addresses of the region's other nodes from the nodes
/// it reaches. After a failure it moves to the next address it knows, and after those to the given one again: any node
/// of a region serves its peers, so a try at another node costs one round trip, and one that died costs one failure.
/// A node that refuses (isolated, no replica yet) and a node that does not answer look alike to the link (both come
/// back as a failed ask), so every failure moves on. Addresses are opaque strings here.
/// </summary>
public sealed class PeerContacts
{
    List<string> _members = [];
    string? _current;
    string? _resumedAt;
    int _failures;

    /// <summary>The address to send to now: <paramref name="given"/> until another has been chosen.</summary>
    public string Current(string given) => _current ?? given;

    /// <summary>The region's nodes as one of them last told: tried in this order after the current one.</summary>
    public void Learned(IEnumerable<string> members) => _members = members.Distinct().ToList();

    /// <summary>
    /// A try at the current address failed: the next one becomes current. True when the link should wait before it
    /// tries: it was failing already. The first failure after the link worked tries the next node at once, since the
    /// node it sent to may have died while the others live on.
    /// </summary>
    public bool Failed(string given)
    {
        var ring = Ring(given);
        // An address no longer among the members is followed by the first member.
        int at = ring.IndexOf(Current(given));
        _current = ring[(at + 1) % ring.Count];
        return _failures++ > 0 || ring.Count == 1;
    }

    /// <summary>
    /// The link works again after failures. True when it now works through another address than it last did (the given
    /// one at first): a change to log once.
    /// </summary>
    public bool Resumed(string given)
    {
        _failures = 0;
        var now = Current(given);
        bool changed = now != (_resumedAt ?? given);
        _resumedAt = now;
        return changed;
    }

    List<string> Ring(string given) => [.. _members.Where(m => m != given), given];
}
