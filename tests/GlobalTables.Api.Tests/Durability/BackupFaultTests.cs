using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Backups;
using GlobalTables.Region.Catalog;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>
/// Backups, their deletions and restored tables whose record the catalog's journal fails or refuses: the caller hears
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
    [Theory]
    [InlineData(JournalFaultKind.Fail)]
    [InlineData(JournalFaultKind.Reject)]
    public async Task A_deletion_the_journal_does_not_keep_is_a_500_and_the_backup_stays(JournalFaultKind kind)
    {
        await ServerFixture.CreateTableAsync(_host.Client(), "Faulted");
        var arn = (await BackupAsync()).BackupDetails.BackupArn;
        await BackupKit.WaitAvailableAsync(_host.Client(), arn);
        var fault = _host.Faults.Add(w => w.Payload is BackupRemoved, kind, times: 1);

        await FaultyJournalHost.FailsWithInternalServerErrorAsync(() => _host.Client().DeleteBackupAsync(new DeleteBackupRequest { BackupArn = arn }));

        Assert.Equal(1, fault.Matched);
        // The catalog starts again from its journal after the fault; the backup is there, whole.
        var described = await FaultyJournalHost.EventuallyAsync(() => _host.Client().DescribeBackupAsync(new DescribeBackupRequest { BackupArn = arn }));
        Assert.Equal("AVAILABLE", described.BackupDescription.BackupDetails.BackupStatus.Value);
        await FaultyJournalHost.EventuallyAsync(() => _host.Client().DeleteBackupAsync(new DeleteBackupRequest { BackupArn = arn }));
        Assert.Empty((await _host.Client().ListBackupsAsync(new ListBackupsRequest())).BackupSummaries);
    }

    [Theory]
    [InlineData(JournalFaultKind.Fail)]
    [InlineData(JournalFaultKind.Reject)]
    public async Task A_restored_table_the_journal_does_not_keep_is_a_500_and_no_table(JournalFaultKind kind)
    {
        await ServerFixture.CreateTableAsync(_host.Client(), "Faulted");
        await BackupKit.PutAsync(_host.Client(), "Faulted", "a", "1");
        var arn = (await BackupAsync()).BackupDetails.BackupArn;
        await BackupKit.WaitAvailableAsync(_host.Client(), arn);
        var fault = _host.Faults.Add(w => w.Payload is TableDefined { Table.Restore: not null }, kind, times: 1);
        Task Restore() => _host.Client().RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { TargetTableName = "Restored", BackupArn = arn });

        await FaultyJournalHost.FailsWithInternalServerErrorAsync(Restore);

        Assert.Equal(1, fault.Matched);
        Assert.DoesNotContain("Restored", (await FaultyJournalHost.EventuallyAsync(() => _host.Client().ListTablesAsync())).TableNames);
        await FaultyJournalHost.EventuallyAsync(async () => { await Restore(); return true; });
        await BackupKit.WaitRestoredAsync(_host.Client(), "Restored");
        Assert.Equal("a=1", await BackupKit.ContentsAsync(_host.Client(), "Restored"));
    }
}
