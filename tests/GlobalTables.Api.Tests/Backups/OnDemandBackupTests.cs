using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Items;
using GlobalTables.Testing;
using static GlobalTables.Api.Tests.Backups.BackupKit;

namespace GlobalTables.Api.Tests.Backups;

/// <summary>
/// CreateBackup, DescribeBackup, ListBackups, DeleteBackup and RestoreTableFromBackup through the SDK: a backup is the
/// table as of its time, whatever is written after; its file is in the region's data folder; a restore makes a new
/// table with the overrides; and DynamoDB's errors.
/// </summary>
public sealed class OnDemandBackupTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    IAmazonDynamoDB Client => _fixture.Client();

    async Task<string> BackupAsync(string table, string name = "nightly") =>
        (await Client.CreateBackupAsync(new CreateBackupRequest { TableName = table, BackupName = name })).BackupDetails.BackupArn;

    [Fact]
    public async Task A_backup_holds_the_table_as_of_its_time_and_restores_to_a_new_table()
    {
        var table = Av.UniqueName("orders");
        await ServerFixture.CreateTableAsync(Client, table);
        for (int i = 0; i < 50; i++) await PutAsync(Client, table, $"k{i:D2}", "before");
        var expected = await ContentsAsync(Client, table);

        var created = await Client.CreateBackupAsync(new CreateBackupRequest { TableName = table, BackupName = "nightly" });
        Assert.Equal(("nightly", "CREATING", "USER"), (created.BackupDetails.BackupName, created.BackupDetails.BackupStatus.Value, created.BackupDetails.BackupType.Value));
        Assert.StartsWith($"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/backup/", created.BackupDetails.BackupArn);
        // Written after the backup was asked for: not in it.
        await PutAsync(Client, table, "k00", "after");
        await DeleteAsync(Client, table, "k01");
        await PutAsync(Client, table, "new", "after");

        var described = await WaitAvailableAsync(Client, created.BackupDetails.BackupArn);
        Assert.Equal((50L, table, "PAY_PER_REQUEST"), (described.SourceTableDetails.ItemCount!.Value, described.SourceTableDetails.TableName,
            described.SourceTableDetails.BillingMode.Value));
        Assert.True(described.BackupDetails.BackupSizeBytes > 0);
        var file = Directory.GetFiles(Path.Combine(_fixture.DataRoot), "*.gtb", SearchOption.AllDirectories).Single();
        Assert.Equal(described.BackupDetails.BackupSizeBytes, new FileInfo(file).Length);

        var restored = await Client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest
        {
            TargetTableName = table + "-restored", BackupArn = created.BackupDetails.BackupArn,
        });
        Assert.Equal("CREATING", restored.TableDescription.TableStatus.Value);
        Assert.Equal((created.BackupDetails.BackupArn, true), (restored.TableDescription.RestoreSummary.SourceBackupArn,
            restored.TableDescription.RestoreSummary.RestoreInProgress!.Value));
        var active = await WaitRestoredAsync(Client, table + "-restored");
        Assert.False(active.RestoreSummary.RestoreInProgress);
        Assert.Equal($"arn:aws:dynamodb:us-east-1:000000000000:table/{table}", active.RestoreSummary.SourceTableArn);
        Assert.Equal(expected, await ContentsAsync(Client, table + "-restored"));
        Assert.Contains("k00=after", await ContentsAsync(Client, table));
    }

    [Fact]
    public async Task A_restore_takes_the_billing_and_index_overrides()
    {
        var table = Av.UniqueName("indexed");
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("v", ScalarAttributeType.S), new("w", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new() { IndexName = "by-v", KeySchema = [new("v", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } },
                new() { IndexName = "by-w", KeySchema = [new("w", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.KEYS_ONLY } },
            ],
        });
        await ServerFixture.WaitForStatusAsync(Client, table, TableStatus.ACTIVE);
        await PutAsync(Client, table, "a", "x");
        await PutAsync(Client, table, "b", "y");
        var arn = await BackupAsync(table);
        await WaitAvailableAsync(Client, arn);

        await Client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest
        {
            TargetTableName = table + "-r",
            BackupArn = arn,
            BillingModeOverride = BillingMode.PROVISIONED,
            ProvisionedThroughputOverride = new ProvisionedThroughput(7, 3),
            GlobalSecondaryIndexOverride = [new() { IndexName = "by-v", KeySchema = [new("v", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
            SSESpecificationOverride = new SSESpecification { Enabled = false },
        });
        var restored = await WaitRestoredAsync(Client, table + "-r");
        Assert.Equal(("PROVISIONED", 7L, 3L), (restored.BillingModeSummary?.BillingMode?.Value ?? "PROVISIONED",
            restored.ProvisionedThroughput.ReadCapacityUnits!.Value, restored.ProvisionedThroughput.WriteCapacityUnits!.Value));
        Assert.Equal(["by-v"], restored.GlobalSecondaryIndexes.Select(i => i.IndexName));
        Assert.Equal(["v", "pk"], restored.AttributeDefinitions.Select(a => a.AttributeName).OrderDescending());
        // The kept index is built from the restored items.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        QueryResponse query;
        while ((query = await Client.QueryAsync(new QueryRequest
               {
                   TableName = table + "-r", IndexName = "by-v", KeyConditionExpression = "v = :v",
                   ExpressionAttributeValues = new() { [":v"] = new() { S = "y" } },
               })).Items.Count == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal("b", Assert.Single(query.Items)["pk"].S);

        Assert.Equal("ValidationException: One or more parameter values were invalid: Global secondary index nope does not exist in the source table",
            await ErrorOfAsync(() => Client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest
            {
                TargetTableName = table + "-x", BackupArn = arn,
                GlobalSecondaryIndexOverride = [new() { IndexName = "nope", KeySchema = [new("v", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } }],
            })));
    }

    [Fact]
    public async Task ListBackups_filters_and_pages_and_DeleteBackup_removes_the_backup_and_its_file()
    {
        var first = Av.UniqueName("listed");
        var second = Av.UniqueName("other");
        await ServerFixture.CreateTableAsync(Client, first);
        await ServerFixture.CreateTableAsync(Client, second);
        var arns = new List<string>();
        for (int i = 0; i < 3; i++) arns.Add(await BackupAsync(first, $"bk{i}"));
        var middle = (await Client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = arns[1] })).BackupDescription.BackupDetails.BackupCreationDateTime!.Value;
        var otherArn = await BackupAsync(second);
        foreach (var arn in arns.Append(otherArn)) await WaitAvailableAsync(Client, arn);

        var pages = new List<string>();
        string? start = null;
        do
        {
            var page = await Client.ListBackupsAsync(new ListBackupsRequest { TableName = first, Limit = 2, ExclusiveStartBackupArn = start });
            Assert.InRange(page.BackupSummaries.Count, 1, 2);
            pages.AddRange(page.BackupSummaries.Select(b => b.BackupName));
            start = page.LastEvaluatedBackupArn;
        } while (start is not null);
        Assert.Equal(["bk0", "bk1", "bk2"], pages);
        var fromMiddle = await Client.ListBackupsAsync(new ListBackupsRequest { TableName = first, TimeRangeLowerBound = middle });
        Assert.Equal(["bk1", "bk2"], fromMiddle.BackupSummaries.Select(b => b.BackupName));
        var beforeMiddle = await Client.ListBackupsAsync(new ListBackupsRequest { TimeRangeUpperBound = middle });
        Assert.Equal(["bk0"], beforeMiddle.BackupSummaries.Select(b => b.BackupName));
        Assert.Empty((await Client.ListBackupsAsync(new ListBackupsRequest { BackupType = BackupTypeFilter.SYSTEM })).BackupSummaries);
        Assert.Equal(4, (await Client.ListBackupsAsync(new ListBackupsRequest { BackupType = BackupTypeFilter.ALL })).BackupSummaries.Count);

        Assert.Equal(4, Directory.GetFiles(_fixture.DataRoot, "*.gtb", SearchOption.AllDirectories).Length);
        var deleted = await Client.DeleteBackupAsync(new DeleteBackupRequest { BackupArn = arns[0] });
        Assert.Equal("DELETED", deleted.BackupDescription.BackupDetails.BackupStatus.Value);
        Assert.Equal($"BackupNotFoundException: Backup not found: {arns[0]}",
            await ErrorOfAsync(() => Client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = arns[0] })));
        Assert.Equal(["bk1", "bk2"], (await Client.ListBackupsAsync(new ListBackupsRequest { TableName = first })).BackupSummaries.Select(b => b.BackupName));
        await Eventually.UntilAsync(() => Directory.GetFiles(_fixture.DataRoot, "*.gtb", SearchOption.AllDirectories).Length == 3,
            "the deleted backup's file is still there", TimeSpan.FromSeconds(20));
        // A backup outlives its table.
        await Client.DeleteTableAsync(second);
        Assert.Equal("AVAILABLE", (await Client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = otherArn })).BackupDescription.BackupDetails.BackupStatus.Value);
    }

    [Fact]
    public async Task Backup_operations_answer_DynamoDBs_errors()
    {
        var table = Av.UniqueName("errors");
        await ServerFixture.CreateTableAsync(Client, table);
        const string missing = "arn:aws:dynamodb:us-east-1:000000000000:table/none/backup/01796053119476-da4d3d20";

        Assert.Equal("TableNotFoundException: Table not found: nosuchtable",
            await ErrorOfAsync(() => Client.CreateBackupAsync(new CreateBackupRequest { TableName = "nosuchtable", BackupName = "bk1" })));
        Assert.StartsWith("ValidationException: 1 validation error detected: Value 'bad name!' at 'backupName' failed to satisfy constraint",
            await ErrorOfAsync(() => Client.CreateBackupAsync(new CreateBackupRequest { TableName = table, BackupName = string.Concat("bad ", "name!") })));
        Assert.Equal($"BackupNotFoundException: Backup not found: {missing}",
            await ErrorOfAsync(() => Client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = missing })));
        Assert.Equal($"BackupNotFoundException: Backup not found: {missing}",
            await ErrorOfAsync(() => Client.DeleteBackupAsync(new DeleteBackupRequest { BackupArn = missing })));
        Assert.Equal($"BackupNotFoundException: Backup not found: {missing}",
            await ErrorOfAsync(() => Client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { TargetTableName = "fresh-one", BackupArn = missing })));

        var arn = await BackupAsync(table);
        await WaitAvailableAsync(Client, arn);
        Assert.Equal($"TableAlreadyExistsException: Table already exists: {table}",
            await ErrorOfAsync(() => Client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { TargetTableName = table, BackupArn = arn })));
        Assert.Equal("ValidationException: One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            await ErrorOfAsync(() => Client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest
            {
                TargetTableName = "fresh-two", BackupArn = arn, ProvisionedThroughputOverride = new ProvisionedThroughput(1, 1),
            })));
        // Nothing was made by the refused restores.
        Assert.DoesNotContain("fresh-one", (await Client.ListTablesAsync()).TableNames);
        Assert.DoesNotContain("fresh-two", (await Client.ListTablesAsync()).TableNames);
    }
}
