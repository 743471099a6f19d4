namespace GlobalTables.Model.Replication;

/// <summary>
/// One page across the logs of several regions, from a page of each: the entries oldest first (by DetectedAt), at most
/// a limit, and where each region's log resumes. A region's entries are taken in its log's order, so each resumes
/// right after the last of its entries taken; the page is the end only when every region's was, and all were taken.
/// </summary>
public static class LostUpdateMerge
{
    public sealed record Page(IReadOnlyList<LostUpdate> Entries, IReadOnlyDictionary<string, long> ResumeAfter, bool End);

    public static Page Merge(IReadOnlyDictionary<string, LostUpdatePage> pages, int limit)
    {
        if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "A page holds at least one entry");
        var taken = pages.Keys.ToDictionary(region => region, _ => 0, StringComparer.Ordinal);
        var entries = new List<LostUpdate>(limit);
        while (entries.Count < limit)
        {
            // The oldest head among the regions' remaining entries; ties by region name, so the order is stable.
            string? next = null;
            foreach (var (region, page) in pages.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (taken[region] == page.Entries.Count) continue;
                if (next is null || page.Entries[taken[region]].Update.DetectedAt < pages[next].Entries[taken[next]].Update.DetectedAt) next = region;
            }
            if (next is null) break;
            entries.Add(pages[next].Entries[taken[next]].Update);
            taken[next]++;
        }
        var resumeAfter = pages.ToDictionary(p => p.Key, p => ResumeAfter(p.Value, taken[p.Key]), StringComparer.Ordinal);
        bool end = pages.All(p => p.Value.End && taken[p.Key] == p.Value.Entries.Count);
        return new Page(entries, resumeAfter, end);
    }

    static long ResumeAfter(LostUpdatePage page, int taken) =>
        taken == page.Entries.Count ? page.ResumeAfter
        : taken == 0 ? page.After
        : page.Entries[taken - 1].Offset;
}
