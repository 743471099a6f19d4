namespace GlobalTables.Model.Replication;

/// <summary>
/// Which node of a peer region a replication link sends to. The link is given one address of the region (from
/// regions/*.json, or the node in its own process) and learns the addresses of the region's other nodes from whichever
/// node answers. When the node it sends to does not answer, it moves to the next address it knows, and after those to
/// the given one again: any node of a region serves its peers, so one that died costs one unanswered try. A node that
/// refuses (isolated, no replica yet) has answered, and the link stays with it. Addresses are opaque strings here.
/// </summary>
public sealed class PeerContacts
{
    List<string> _members = [];
    string? _current;
    string? _answered;
    int _unanswered;

    /// <summary>The address to send to now: <paramref name="given"/> until another has been chosen.</summary>
    public string Current(string given) => _current ?? given;

    /// <summary>The region's nodes as one of them last told: tried in this order after the current one.</summary>
    public void Learned(IEnumerable<string> members) => _members = members.Distinct().ToList();

    /// <summary>
    /// The current address did not answer: the next one becomes current. True once every address known went unanswered
    /// since the last answer, when the link waits before it tries again; until then it tries the next at once.
    /// </summary>
    public bool Unanswered(string given)
    {
        var ring = Ring(given);
        // An address no longer among the members (or the given one) is followed by the first member.
        int at = ring.IndexOf(Current(given));
        _current = ring[(at + 1) % ring.Count];
        return ++_unanswered >= ring.Count;
    }

    /// <summary>
    /// The current address answered. True when another address answered before it: a change to log once. The first
    /// answer, from the given address, is no change.
    /// </summary>
    public bool Answered(string given)
    {
        _unanswered = 0;
        var now = Current(given);
        bool changed = now != (_answered ?? given);
        _answered = now;
        return changed;
    }

    List<string> Ring(string given) => [.. _members.Where(m => m != given), given];
}
