namespace GlobalTables.Model.Replication;

/// <summary>Which entries of a lost-update log a read returns: of one table (or all), and not older than the retention.</summary>
/// <param name="NotBefore">Entries detected before this are past the retention and skipped.</param>
public sealed record LostUpdateFilter(string? Table, DateTimeOffset NotBefore)
{
    public bool Keeps(LostUpdate lost) => (Table is null || lost.Table == Table) && lost.DetectedAt >= NotBefore;
}
