using GlobalTables.Model.Backups;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Tests.Backups;

/// <summary>ListBackups' filters and paging.</summary>
public sealed class BackupListingTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T00:00:00Z");

    static Backup Of(string table, int second) =>
        new($"arn:{table}:{second:D3}", "b", new TableDefinition(table, Guid.NewGuid().ToString(), null!, [], BillingMode.PAY_PER_REQUEST, 0, 0, 1,
            TableStatus.ACTIVE, T0), T0.AddSeconds(second), BackupStatus.AVAILABLE, "f");

    static readonly Backup[] Backups = [Of("A", 3), Of("B", 1), Of("A", 2), Of("A", 5), Of("B", 4)];

    [Fact]
    public void Filters_by_table_and_time_range_oldest_first()
    {
        var (page, last) = new BackupListing("A", T0.AddSeconds(2), T0.AddSeconds(5), "USER", null, 10).Apply(Backups);
        Assert.Equal(["arn:A:002", "arn:A:003"], page.Select(b => b.Arn));
        Assert.Null(last);
        Assert.Empty(new BackupListing(null, null, null, "SYSTEM", null, 10).Apply(Backups).Page);
        Assert.Equal(5, new BackupListing(null, null, null, "ALL", null, 10).Apply(Backups).Page.Count);
    }

    [Fact]
    public void Pages_follow_on_from_the_last_evaluated_arn()
    {
        var seen = new List<string>();
        string? start = null;
        do
        {
            var (page, last) = new BackupListing(null, null, null, "USER", start, 2).Apply(Backups);
            seen.AddRange(page.Select(b => b.Arn));
            start = last;
        } while (start is not null);
        Assert.Equal(["arn:B:001", "arn:A:002", "arn:A:003", "arn:B:004", "arn:A:005"], seen);
    }
}
