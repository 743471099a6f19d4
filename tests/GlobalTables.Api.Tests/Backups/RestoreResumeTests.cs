using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Items;
using GlobalTables.Testing;
using static GlobalTables.Api.Tests.Backups.BackupKit;

namespace GlobalTables.Api.Tests.Backups;

/// <summary>
/// A restore under way when the region stops finishes after it starts again, with every item. The restore here writes
/// one item per journal write, so that it is certainly still under way when the region stops.
/// </summary>
public sealed class RestoreResumeTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new() { ConfigOverrides = "globaltables.backups { restore-batch = 1, restore-batches-in-flight = 1 }" };

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    IAmazonDynamoDB Client => _fixture.Client();

    [Fact]
    public async Task A_restore_under_way_when_the_region_stops_finishes_after_it_starts_again()
    {
        var table = Av.UniqueName("resumed");
        await ServerFixture.CreateTableAsync(Client, table);
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => PutAsync(Client, table, $"k{i:D4}", "v")));
        var arn = (await Client.CreateBackupAsync(new CreateBackupRequest { TableName = table, BackupName = "nightly" })).BackupDetails.BackupArn;
        await WaitAvailableAsync(Client, arn);
        await Client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { TargetTableName = table + "-r", BackupArn = arn });
        // Some items are in, not all (read from the region: the API shows a CREATING table no items).
        var region = _fixture.Server.Regions.Single();
        await Eventually.UntilAsync(async () => (await region.StatsAsync(region.Tables.Find(table + "-r")!)).ItemCount > 0, "no item was restored",
            TimeSpan.FromSeconds(30));
        var underWay = (await Client.DescribeTableAsync(table + "-r")).Table;
        Assert.Equal((TableStatus.CREATING, true), (underWay.TableStatus, underWay.RestoreSummary.RestoreInProgress!.Value));

        await _fixture.RestartAsync();

        var restored = await WaitRestoredAsync(Client, table + "-r", TimeSpan.FromSeconds(120));
        Assert.False(restored.RestoreSummary.RestoreInProgress);
        Assert.Equal(await ContentsAsync(Client, table), await ContentsAsync(Client, table + "-r"));
    }
}
