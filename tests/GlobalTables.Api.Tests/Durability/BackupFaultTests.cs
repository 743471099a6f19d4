using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Backups;
using GlobalTables.Region.Catalog;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>
/// Backups whose record the catalog's journal fails or refuses, and backup files that cannot be written: the caller hears
/// DynamoDB's 500 and no backup is made, or the backup stays CREATING while it is tried again, and turns AVAILABLE once
/// the file can be written, or goes once its attempts are spent. Each test has a region of its own.
/// </summary>
public sealed class BackupFaultTests : IAsyncLifetime
{
    readonly FaultyJournalHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    Task<CreateBackupResponse> BackupAsync() => _host.Client().CreateBackupAsync(new CreateBackupRequest { TableName = "Faulted", BackupName = "nightly" });

    [Theory]
    [InlineData(JournalFaultKind.Fail)]
    [InlineData(JournalFaultKind.Reject)]
    public async Task A_backup_the_journal_does_not_keep_is_a_500_and_no_backup(JournalFaultKind kind)
    {
        await ServerFixture.CreateTableAsync(_host.Client(), "Faulted");
        var fault = _host.Faults.Add(w => w.Payload is BackupDefined, kind, times: 1);

        await FaultyJournalHost.FailsWithInternalServerErrorAsync(BackupAsync);

        Assert.Equal(1, fault.Matched);
        Assert.Empty((await FaultyJournalHost.EventuallyAsync(() => _host.Client().ListBackupsAsync(new ListBackupsRequest()))).BackupSummaries);
        var arn = (await FaultyJournalHost.EventuallyAsync(BackupAsync)).BackupDetails.BackupArn;
        await BackupKit.WaitAvailableAsync(_host.Client(), arn);
    }
}
