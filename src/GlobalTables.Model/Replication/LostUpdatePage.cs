using System.Collections.Immutable;

namespace GlobalTables.Model.Replication;

/// <summary>
/// One page of a region's lost-update log, built as the log is read in order: the entries kept, and the position
/// to resume after, which passes the entries skipped too so that the next page does not read them again.
/// </summary>
/// <param name="After">The position the read started after.</param>
/// <param name="ResumeAfter">The last position read.</param>
/// <param name="End">The read reached the log's current end; false when it stopped at a full page.</param>
public sealed record LostUpdatePage(long After, ImmutableList<LostUpdateEntry> Entries, long ResumeAfter, bool End)
{
    public static LostUpdatePage StartingAfter(long after) => new(after, [], after, false);

    /// <summary>The page with one more event of the log read: kept when it is a lost update the filter keeps.</summary>
    public LostUpdatePage With(long offset, object @event, LostUpdateFilter filter)
    {
        if (offset <= ResumeAfter) throw new ArgumentException($"The log is read in order: {offset} after {ResumeAfter}", nameof(offset));
        var entries = @event is LostUpdate lost && filter.Keeps(lost) ? Entries.Add(new LostUpdateEntry(offset, lost)) : Entries;
        return this with { Entries = entries, ResumeAfter = offset };
    }
}
