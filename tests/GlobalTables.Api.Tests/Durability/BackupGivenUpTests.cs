using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Backups;

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
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.ListBackupsAsync(new ListBackupsRequest())).BackupSummaries.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the backup is still listed");
            await Task.Delay(50);
        }
        Assert.Equal($"BackupNotFoundException: Backup not found: {arn}",
            await BackupKit.ErrorOfAsync(() => client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = arn })));
        Assert.Equal("a=1", await BackupKit.ContentsAsync(client, "Blocked"));
    }
}
