using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Items;
using static GlobalTables.Api.Tests.Backups.BackupKit;

namespace GlobalTables.Api.Tests.Backups;

/// <summary>
/// UpdateContinuousBackups, DescribeContinuousBackups and RestoreTableToPointInTime through the SDK, on a region whose
/// partitions snapshot every 20 events: a restore to any time in the window gives the table exactly as it stood then,
/// from the snapshot saved by then and the journal after it.
/// </summary>
public sealed class PointInTimeRecoveryTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new()
    {
        ConfigOverrides = """
            globaltables.snapshots.after-events = 20
            globaltables.snapshots.after = 200ms
            globaltables.journal-retention.interval = 200ms
            """,
    };

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    IAmazonDynamoDB Client => _fixture.Client();

    Task<UpdateContinuousBackupsResponse> EnableAsync(string table, int? days = null) => Client.UpdateContinuousBackupsAsync(new UpdateContinuousBackupsRequest
    {
        TableName = table,
        PointInTimeRecoverySpecification = new PointInTimeRecoverySpecification { PointInTimeRecoveryEnabled = true, RecoveryPeriodInDays = days },
    });

    /// <summary>
    /// A moment after every write answered so far and before any later one. The SDK sends a restore time in whole
    /// milliseconds, so it is rounded up to one, and the clock is let pass it: a write answered within the same
    /// millisecond would otherwise fall after the truncated time.
    /// </summary>
    static async Task<DateTime> PastMomentAsync()
    {
        var now = DateTime.UtcNow;
        var moment = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond + TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        while (DateTime.UtcNow <= moment) await Task.Yield();
        return moment;
    }

    [Fact]
    public async Task A_restore_to_each_moment_gives_the_table_as_it_stood_then()
    {
        var table = Av.UniqueName("pitr");
        await ServerFixture.CreateTableAsync(Client, table);
        var enabled = await EnableAsync(table, 7);
        var recovery = enabled.ContinuousBackupsDescription.PointInTimeRecoveryDescription;
        Assert.Equal(("ENABLED", "ENABLED", 7), (enabled.ContinuousBackupsDescription.ContinuousBackupsStatus.Value, recovery.PointInTimeRecoveryStatus.Value,
            recovery.RecoveryPeriodInDays!.Value));
        var enabledAt = recovery.EarliestRestorableDateTime!.Value;

        var moments = new List<(DateTime At, string Contents)>();
        for (int round = 1; round <= 4; round++)
        {
            for (int i = 0; i < 30; i++) await PutAsync(Client, table, $"k{i:D2}", $"r{round}");
            await DeleteAsync(Client, table, $"k{round:D2}");
            moments.Add((await PastMomentAsync(), await ContentsAsync(Client, table)));
            // Longer than snapshots.after: each partition saves a snapshot between rounds, which restores to earlier moments must pass over.
            await Task.Delay(300);
        }
        // Latest restorable is a second behind now.
        await Task.Delay(1100);
        var described = (await Client.DescribeContinuousBackupsAsync(new DescribeContinuousBackupsRequest { TableName = table })).ContinuousBackupsDescription;
        Assert.Equal(enabledAt, described.PointInTimeRecoveryDescription.EarliestRestorableDateTime);
        Assert.True(described.PointInTimeRecoveryDescription.LatestRestorableDateTime >= moments[^1].At);

        for (int m = 0; m < moments.Count; m++)
        {
            var target = $"{table}-at{m}";
            var restored = await Client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
            {
                SourceTableName = table, TargetTableName = target, RestoreDateTime = moments[m].At,
            });
            Assert.Null(restored.TableDescription.RestoreSummary.SourceBackupArn);
            await WaitRestoredAsync(Client, target);
            Assert.Equal(moments[m].Contents, await ContentsAsync(Client, target));
        }
        await Client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
        {
            SourceTableArn = $"arn:aws:dynamodb:us-east-1:000000000000:table/{table}", TargetTableName = table + "-latest", UseLatestRestorableTime = true,
        });
        await WaitRestoredAsync(Client, table + "-latest");
        Assert.Equal(moments[^1].Contents, await ContentsAsync(Client, table + "-latest"));
    }

    [Fact]
    public async Task Continuous_backup_operations_answer_DynamoDBs_errors()
    {
        var table = Av.UniqueName("pitr-errors");
        await ServerFixture.CreateTableAsync(Client, table);
        var off = (await Client.DescribeContinuousBackupsAsync(new DescribeContinuousBackupsRequest { TableName = table })).ContinuousBackupsDescription;
        Assert.Equal(("ENABLED", "DISABLED"), (off.ContinuousBackupsStatus.Value, off.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus.Value));
        Assert.Equal($"PointInTimeRecoveryUnavailableException: Point in time recovery is not enabled for table '{table}'",
            await ErrorOfAsync(() => Client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
            {
                SourceTableName = table, TargetTableName = table + "-r", UseLatestRestorableTime = true,
            })));
        Assert.Equal("TableNotFoundException: Table not found: nosuchtable",
            await ErrorOfAsync(() => Client.DescribeContinuousBackupsAsync(new DescribeContinuousBackupsRequest { TableName = "nosuchtable" })));
        Assert.Equal("TableNotFoundException: Table not found: nosuchtable", await ErrorOfAsync(() => EnableAsync("nosuchtable")));
        Assert.StartsWith("ValidationException: 1 validation error detected: Value '36' at 'pointInTimeRecoverySpecification.recoveryPeriodInDays'",
            await ErrorOfAsync(() => EnableAsync(table, int.Parse("36"))));

        await EnableAsync(table);
        var before = DateTime.UtcNow.AddMinutes(-5);
        Assert.StartsWith("InvalidRestoreTimeException: Restore time is not within the valid range.",
            await ErrorOfAsync(() => Client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
            {
                SourceTableName = table, TargetTableName = table + "-r", RestoreDateTime = before,
            })));
        Assert.Equal("ValidationException: Only one of RestoreDateTime or UseLatestRestorableTime can be specified",
            await ErrorOfAsync(() => Client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
            {
                SourceTableName = table, TargetTableName = table + "-r", RestoreDateTime = DateTime.UtcNow, UseLatestRestorableTime = true,
            })));
        Assert.Equal("TableNotFoundException: Table not found: nosuchtable",
            await ErrorOfAsync(() => Client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
            {
                SourceTableName = "nosuchtable", TargetTableName = table + "-r", UseLatestRestorableTime = true,
            })));
        await Task.Delay(1100);
        Assert.Equal($"TableAlreadyExistsException: Table already exists: {table}",
            await ErrorOfAsync(() => Client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
            {
                SourceTableName = table, TargetTableName = table, UseLatestRestorableTime = true,
            })));
        var disabled = await Client.UpdateContinuousBackupsAsync(new UpdateContinuousBackupsRequest
        {
            TableName = table, PointInTimeRecoverySpecification = new PointInTimeRecoverySpecification { PointInTimeRecoveryEnabled = false },
        });
        Assert.Equal("DISABLED", disabled.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus.Value);
        Assert.DoesNotContain(table + "-r", (await Client.ListTablesAsync()).TableNames);
    }
}
