using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Backups;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>A backup whose file can never be written goes once its attempts are spent; the table is untouched.</summary>
public sealed class BackupGivenUpTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new() { ConfigOverrides = "globaltables.backups { retry-after = 100ms, attempts = 3 }" };

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task A_backup_that_never_gets_written_is_removed_after_its_attempts()
    {
        var client = _fixture.Client();
        await ServerFixture.CreateTableAsync(client, "Blocked");
        await BackupKit.PutAsync(client, "Blocked", "a", "1");
        BackupFileFaultTests.BlockBackupsFolder(_fixture);
        var arn = (await client.CreateBackupAsync(new CreateBackupRequest { TableName = "Blocked", BackupName = "nightly" })).BackupDetails.BackupArn;
        await Eventually.UntilAsync(async () => (await client.ListBackupsAsync(new ListBackupsRequest())).BackupSummaries.Count == 0, "the backup is still listed",
            TimeSpan.FromSeconds(20));
        Assert.Equal($"BackupNotFoundException: Backup not found: {arn}",
            await BackupKit.ErrorOfAsync(() => client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = arn })));
        Assert.Equal("a=1", await BackupKit.ContentsAsync(client, "Blocked"));
    }
}
