namespace GlobalTables.Model.Partitions;

/// <summary>
/// How far a partition may delete its journal (docs/bounded-state.md). It records marks: each snapshot taken, and each
/// snapshot interval of events handed to the journal meanwhile (<see cref="MarkDue"/>), numbers the events handed to
/// the journal so far, and once the journal has confirmed them all, the time, so that a mark says
/// "every event up to here was stored by then". Rows up to a mark may go once the mark is older than every reader
/// needs (the retention, and the time each peer last caught up) and a saved snapshot covers it.
/// <para>
/// A change points back to the event that last set its item, for its stream record's old image. Deleting below a mark
/// must leave no pointer dangling, so once a mark is taken, a change whose item was last set at or below what had
/// been handed to the journal by then carries that image whole (<see cref="PriorImage"/>) instead. Every event above
/// a mark was decided after it was taken, so it points above the mark or carries its prior image.
/// </para>
/// </summary>
public sealed class JournalRetention
{
    readonly List<RetentionMark> _marks = [];
    long? _pending;

    /// <summary>A change whose item was last set at or below this sequence number carries its prior image whole.</summary>
    public long InlineAtOrBelow { get; private set; }

    /// <summary>The journal holds no events at or below this sequence number.</summary>
    public long DeletedThrough { get; private set; }

    /// <summary>The marks not yet passed by a deletion, oldest first; a snapshot keeps them.</summary>
    public IReadOnlyList<RetentionMark> Marks => _marks;

    /// <summary>
    /// A mark was taken (with a snapshot, or when <see cref="MarkDue"/>) when <paramref name="handedToJournal"/> events
    /// had been handed to the journal and <paramref name="confirmed"/> confirmed by it.
    /// </summary>
    public void Taken(long handedToJournal, long confirmed, DateTimeOffset now)
    {
        InlineAtOrBelow = Math.Max(InlineAtOrBelow, handedToJournal);
        // A mark still waiting is replaced: marks are only as fine as they need to be.
        _pending = handedToJournal;
        Confirmed(confirmed, now);
    }

    /// <summary>
    /// True once <paramref name="interval"/> events or more were handed to the journal since the last mark was taken,
    /// or recovery ended. Only one snapshot save runs at a time, and a slow one would otherwise let any number of events
    /// pass without a mark, all of them kept past the retention.
    /// </summary>
    public bool MarkDue(long handedToJournal, long interval) => handedToJournal - InlineAtOrBelow >= interval;

    /// <summary>The journal has confirmed every event up to <paramref name="sequence"/>.</summary>
    public void Confirmed(long sequence, DateTimeOffset now)
    {
        if (_pending is not { } pending || sequence < pending) return;
        if (pending > DeletedThrough && (_marks.Count == 0 || _marks[^1].Sequence < pending)) _marks.Add(new RetentionMark(pending, now));
        _pending = null;
    }

    /// <summary>The marks a snapshot kept, loaded before the events after it are replayed.</summary>
    public void Restore(IReadOnlyList<RetentionMark> marks)
    {
        _marks.Clear();
        _marks.AddRange(marks.OrderBy(m => m.Sequence));
    }

    /// <summary>
    /// Recovery ended at <paramref name="lastSequence"/>. Events decided before the restart may point anywhere below it,
    /// so every change decided from now on whose item was set at or below it carries its prior image.
    /// </summary>
    public void Recovered(long lastSequence)
    {
        _marks.RemoveAll(m => m.Sequence > lastSequence);
        InlineAtOrBelow = lastSequence;
        _pending = null;
    }

    /// <summary>
    /// The highest sequence number the journal may be deleted through: the newest mark that is no later than
    /// <paramref name="neededAfter"/> (no reader needs the events it covers) and that the saved snapshot at
    /// <paramref name="snapshotSequence"/> covers; null when there is none beyond what is already deleted.
    /// </summary>
    public long? DeletableThrough(DateTimeOffset neededAfter, long snapshotSequence)
    {
        long? through = null;
        foreach (var mark in _marks)
        {
            if (mark.At > neededAfter || mark.Sequence > snapshotSequence) break;
            if (mark.Sequence > DeletedThrough) through = mark.Sequence;
        }
        return through;
    }

    /// <summary>The highest sequence number all of whose events were stored by <paramref name="at"/>; 0 when none is known.</summary>
    public long StoredBy(DateTimeOffset at) => _marks.Where(m => m.At <= at).Select(m => m.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>
    /// The journal deleted its events through <paramref name="sequence"/>. The marks it passed are dropped but the newest:
    /// a deletion may pass a peer fallen behind, which tombstones still wait for (<see cref="StoredBy"/>).
    /// </summary>
    public void Deleted(long sequence)
    {
        DeletedThrough = Math.Max(DeletedThrough, sequence);
        var newestPassed = _marks.LastOrDefault(m => m.Sequence <= DeletedThrough);
        _marks.RemoveAll(m => m.Sequence <= DeletedThrough && m != newestPassed);
    }
}
