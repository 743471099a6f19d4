using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Backups;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>
/// A restore whose writes into the new table the journal fails or refuses: the table stays CREATING, with its restore in
/// progress, while the restore is tried again, and turns ACTIVE holding exactly the backup's items.
/// </summary>
public sealed class RestoreFaultTests : IAsyncLifetime
{
    readonly FaultyJournalHost _host = new() { Config = "globaltables.backups.retry-after = 300ms" };

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData(JournalFaultKind.Fail)]
    [InlineData(JournalFaultKind.Reject)]
    public async Task A_restore_the_journal_fails_is_tried_again_and_ends_with_the_backups_items(JournalFaultKind kind)
    {
        var client = _host.Client();
        await ServerFixture.CreateTableAsync(client, "Source");
        for (int i = 0; i < 40; i++) await BackupKit.PutAsync(client, "Source", $"k{i:D2}", "v");
        var arn = (await client.CreateBackupAsync(new CreateBackupRequest { TableName = "Source", BackupName = "nightly" })).BackupDetails.BackupArn;
        await BackupKit.WaitAvailableAsync(client, arn);
        await BackupKit.PutAsync(client, "Source", "later", "v");
        var fault = _host.Faults.Add(JournalFault.PersistenceId("Restored@"), kind, times: 2);

        await client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { TargetTableName = "Restored", BackupArn = arn });
        await FaultyJournalHost.UntilMatchedAsync(fault, writes: 2);
        var restored = await BackupKit.WaitRestoredAsync(client, "Restored", TimeSpan.FromSeconds(60));

        Assert.False(restored.RestoreSummary.RestoreInProgress);
        var expected = string.Join(",", Enumerable.Range(0, 40).Select(i => $"k{i:D2}=v"));
        Assert.Equal(expected, await BackupKit.ContentsAsync(client, "Restored"));
    }
}
