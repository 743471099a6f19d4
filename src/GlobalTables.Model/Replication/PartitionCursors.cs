namespace GlobalTables.Model.Replication;

/// <summary>
/// Where a replication link stands in each partition journal of its table, by sequence number: what the peer has
/// stored, what it is known to hold, and what this region has written. A partition's journal commits in sequence
/// order (a persistent actor has one write in flight at a time), so a read that sees sequence number n has seen every
/// committed event below it, on any SQL journal. The peer holds every change of a partition up to
/// <see cref="Delivered"/>: each was applied there, or needs no delivery (an event that is not a local item change).
/// </summary>
public sealed class PartitionCursors
{
    /// <summary>Confirmed pushes held per partition while they wait for the ones below them; beyond it they are forgotten (they cost a resend).</summary>
    const int PushedMax = 10_000;

    readonly long[] _stored;
    readonly long[] _delivered;
    readonly long[] _written;
    readonly long[] _writtenAtTick;
    readonly SortedSet<long>[] _pushed;

    public PartitionCursors(int partitions)
    {
        _stored = new long[partitions];
        _delivered = new long[partitions];
        _written = new long[partitions];
        _writtenAtTick = new long[partitions];
        _pushed = Enumerable.Range(0, partitions).Select(_ => new SortedSet<long>()).ToArray();
    }

    public int Count => _stored.Length;

    /// <summary>The peer holds every change of the partition up to this sequence number.</summary>
    public long Delivered(int partition) => _delivered[partition];

    /// <summary>Starts again from what the peer has stored, as after a failure: anything not stored is delivered again.</summary>
    public void Start(IReadOnlyDictionary<int, long> stored)
    {
        for (int p = 0; p < Count; p++)
        {
            _stored[p] = _delivered[p] = stored.GetValueOrDefault(p);
            _written[p] = Math.Max(_written[p], _delivered[p]);
            _pushed[p].RemoveWhere(s => s <= _delivered[p]);
        }
    }

    /// <summary>Whether the peer has stored nothing of any partition: a new replica, to be filled from a snapshot.</summary>
    public static bool Empty(IReadOnlyDictionary<int, long> stored) => stored.Values.All(s => s == 0);

    /// <summary>This region wrote the partition's event <paramref name="sequence"/> (a local write's push, or a read).</summary>
    public void Written(int partition, long sequence) => _written[partition] = Math.Max(_written[partition], sequence);

    /// <summary>
    /// The peer applied the pushed change at <paramref name="sequence"/>. Confirmed pushes right after what is delivered
    /// move it on, so a partition written only by pushes that all arrived needs no journal read.
    /// </summary>
    public void Pushed(int partition, long sequence)
    {
        if (sequence <= _delivered[partition]) return;
        var pushed = _pushed[partition];
        pushed.Add(sequence);
        while (pushed.Count > 0 && pushed.Min == _delivered[partition] + 1)
        {
            _delivered[partition]++;
            pushed.Remove(pushed.Min);
        }
        if (pushed.Count > PushedMax) pushed.Clear();
    }

    /// <summary>Whether a read of the partition must send the change at <paramref name="sequence"/>: not if its push was confirmed.</summary>
    public bool NeedsSending(int partition, long sequence) => sequence > _delivered[partition] && !_pushed[partition].Contains(sequence);

    /// <summary>A read found the partition's events up to <paramref name="sequence"/>, and the peer applied those it needed.</summary>
    public void DeliveredUpTo(int partition, long sequence)
    {
        if (sequence <= _delivered[partition]) return;
        _delivered[partition] = sequence;
        _written[partition] = Math.Max(_written[partition], sequence);
        _pushed[partition].RemoveWhere(s => s <= sequence);
    }

    /// <summary>
    /// The partitions with writes known before the last <see cref="Tick"/> that the peer may lack: their pushes had a whole
    /// poll interval to be confirmed, so a read now is needed, not a race with a push in flight.
    /// </summary>
    public IEnumerable<int> Lagging() => Enumerable.Range(0, Count).Where(p => _writtenAtTick[p] > _delivered[p]);

    /// <summary>Notes what is written now, for the next <see cref="Lagging"/>.</summary>
    public void Tick() => Array.Copy(_written, _writtenAtTick, Count);

    /// <summary>The partitions whose delivered position the peer has not stored yet, with that position.</summary>
    public IReadOnlyDictionary<int, long> Unstored() =>
        Enumerable.Range(0, Count).Where(p => _delivered[p] > _stored[p]).ToDictionary(p => p, p => _delivered[p]);

    /// <summary>The peer stored these positions.</summary>
    public void Stored(IReadOnlyDictionary<int, long> positions)
    {
        foreach (var (p, s) in positions) _stored[p] = Math.Max(_stored[p], s);
    }

    /// <summary>Events this region has written that the peer is not known to hold: a link's backlog, in journal events.</summary>
    public long Backlog => Enumerable.Range(0, Count).Sum(p => Math.Max(0, _written[p] - _delivered[p]));
}
