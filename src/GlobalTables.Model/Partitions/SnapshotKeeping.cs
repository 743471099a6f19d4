namespace GlobalTables.Model.Partitions;

/// <summary>
/// Which of a partition's snapshots stay in the snapshot store (docs/backups.md). Recovery needs only the newest, but a
/// backup or a point-in-time restore rebuilds the partition as of a time T from the newest snapshot saved by T and the
/// journal after it. So for a hold H (the table's recovery period, or the backup hold), the partition keeps the
/// <b>base</b>, the newest snapshot saved at or before now − H, and the snapshots after it thinned to about
/// <c>perHold</c> per H, so that the base can move on as time passes; and its journal keeps every event after the base.
/// </summary>
public sealed class SnapshotKeeping
{
    readonly List<RetentionMark> _kept = [];

    /// <summary>The snapshots this partition knows it keeps, oldest first, as (sequence number, time saved).</summary>
    public IReadOnlyList<RetentionMark> Kept => _kept;

    /// <summary>
    /// A snapshot was saved, or loaded by recovery, at <paramref name="sequence"/>. Older ones from before a restart stay
    /// unknown here; the first move of the base deletes them all.
    /// </summary>
    public void Saved(long sequence, DateTimeOffset at)
    {
        _kept.RemoveAll(k => k.Sequence >= sequence);
        _kept.Add(new RetentionMark(sequence, at));
    }

    /// <summary>
    /// The newest snapshot saved at or before <paramref name="now"/> − <paramref name="hold"/>; the journal must keep
    /// every event after it. Null when no known snapshot is that old: then a restore to the start of the hold may need
    /// one from before a restart, and the journal keeps what it has.
    /// </summary>
    public RetentionMark? Base(DateTimeOffset now, TimeSpan hold)
    {
        RetentionMark? found = null;
        foreach (var kept in _kept)
        {
            if (kept.At > now - hold) break;
            found = kept;
        }
        return found;
    }

    /// <summary>
    /// Forgets the snapshots no restore within <paramref name="hold"/> needs, and says which to delete: every one below
    /// the base (<see cref="Thinned.Below"/>, those unknown here included), and those after it that lie closer than
    /// <paramref name="hold"/> / <paramref name="perHold"/> to the one kept before them. The newest always stays.
    /// </summary>
    public Thinned Thin(DateTimeOffset now, TimeSpan hold, int perHold)
    {
        var spacing = hold / Math.Max(1, perHold);
        long below = 0;
        if (Base(now, hold) is { } @base)
        {
            below = _kept.Any(k => k.Sequence < @base.Sequence) ? @base.Sequence : 0;
            _kept.RemoveAll(k => k.Sequence < @base.Sequence);
        }
        var each = new List<long>();
        for (int i = 1; i < _kept.Count - 1; i++)
        {
            if (_kept[i].At - _kept[i - 1].At >= spacing) continue;
            each.Add(_kept[i].Sequence);
            _kept.RemoveAt(i--);
        }
        return new Thinned(below, each);
    }

    /// <param name="Below">Delete every snapshot below this sequence number; 0 for none.</param>
    /// <param name="Each">Delete these snapshots one by one.</param>
    public sealed record Thinned(long Below, IReadOnlyList<long> Each);
}
