namespace GlobalTables.Model.Replication;

/// <summary>
/// The order-free view of the conflict logs of every region: one entry per lost write, and only
/// the writes whose data no other write carries. A region can log a loser before it learns of a
/// later write made on top of it; such a loser is not lost, since the later write carries it on.
/// Carrying is judged by lineage, not Context: a Context also covers writes that lost a merge.
/// </summary>
public static class LostUpdateView
{
    public static IReadOnlyList<LostUpdate> Effective(IEnumerable<LostUpdate> logged)
    {
        var entries = logged.ToList();
        var byKey = entries.GroupBy(e => (e.Table, e.Key));
        var result = new List<LostUpdate>();
        foreach (var group in byKey)
        {
            var writes = group.SelectMany(e => new[] { e.Winner, e.Loser }).DistinctBy(w => w.Version).ToList();
            foreach (var entry in group.DistinctBy(e => e.Loser.Version).OrderBy(e => e.Loser.Version))
            {
                var loser = entry.Loser.Version;
                bool absorbed = writes.Any(w => w.Version != loser && w.DataLineage.Carries(loser));
                if (!absorbed) result.Add(entry);
            }
        }
        return result;
    }
}
