using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Backups;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>A backup file that cannot be written yet: the backup stays CREATING while it is tried again, then turns AVAILABLE.</summary>
public sealed class BackupFileFaultTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new() { ConfigOverrides = "globaltables.backups { retry-after = 200ms, attempts = 1000 }" };

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    /// <summary>A file where the backups folder should be, so that it cannot be made.</summary>
    internal static string BlockBackupsFolder(ServerFixture fixture)
    {
        var region = Path.GetDirectoryName(Directory.GetFiles(fixture.DataRoot, "journal.db", SearchOption.AllDirectories).Single())!;
        var blocker = Path.Combine(region, "backups");
        File.WriteAllText(blocker, "not a folder");
        return blocker;
    }

    [Fact]
    public async Task A_backup_whose_file_cannot_be_written_stays_CREATING_and_turns_AVAILABLE_once_it_can()
    {
        var client = _fixture.Client();
        await ServerFixture.CreateTableAsync(client, "Blocked");
        await BackupKit.PutAsync(client, "Blocked", "a", "1");
        var blocker = BlockBackupsFolder(_fixture);
        var arn = (await client.CreateBackupAsync(new CreateBackupRequest { TableName = "Blocked", BackupName = "nightly" })).BackupDetails.BackupArn;
        // Several attempts fail meanwhile.
        var until = DateTime.UtcNow.AddSeconds(1.5);
        while (DateTime.UtcNow < until)
        {
            Assert.Equal("CREATING", (await client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = arn })).BackupDescription.BackupDetails.BackupStatus.Value);
            Assert.Equal("Blocked", (await client.DescribeTableAsync("Blocked")).Table.TableName);
            await Task.Delay(100);
        }
        Assert.Equal("DeleteBackup: BackupInUseException", "DeleteBackup: " + (await Assert.ThrowsAnyAsync<Amazon.DynamoDBv2.AmazonDynamoDBException>(() =>
            client.DeleteBackupAsync(new DeleteBackupRequest { BackupArn = arn }))).ErrorCode);
        File.Delete(blocker);
        var available = await BackupKit.WaitAvailableAsync(client, arn);
        Assert.Equal(1, available.SourceTableDetails.ItemCount);
    }
}
