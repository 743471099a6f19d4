namespace GlobalTables.Model.Backups;

/// <summary>ListBackups' filters and paging, oldest backup first.</summary>
/// <param name="TableName">Only this table's backups; null for every table's.</param>
/// <param name="From">Only backups created at or after this (TimeRangeLowerBound, inclusive).</param>
/// <param name="Before">Only backups created before this (TimeRangeUpperBound, exclusive).</param>
/// <param name="Type">USER, SYSTEM, AWS_BACKUP or ALL: every backup here is a USER one.</param>
public sealed record BackupListing(string? TableName, DateTimeOffset? From, DateTimeOffset? Before, string Type, string? ExclusiveStartArn, int Limit)
{
    /// <summary>One page, and the ARN to start the next one after; null once no backup is left.</summary>
    public (IReadOnlyList<Backup> Page, string? LastEvaluatedArn) Apply(IEnumerable<Backup> backups)
    {
        var matching = backups
            .Where(b => Type is "USER" or "ALL")
            .Where(b => TableName is null || b.Table.Name == TableName)
            .Where(b => From is null || b.CreatedAt >= From)
            .Where(b => Before is null || b.CreatedAt < Before)
            .OrderBy(b => b.CreatedAt).ThenBy(b => b.Arn, StringComparer.Ordinal)
            .ToList();
        int start = ExclusiveStartArn is null ? 0 : matching.FindIndex(b => b.Arn == ExclusiveStartArn) + 1;
        var page = matching.Skip(start).Take(Limit).ToList();
        return (page, start + page.Count < matching.Count ? page[^1].Arn : null);
    }
}
