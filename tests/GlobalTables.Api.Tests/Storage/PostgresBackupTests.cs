using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Backups;
using GlobalTables.Region.Configuration;
using GlobalTables.Testing;
using static GlobalTables.Api.Tests.Backups.BackupKit;

namespace GlobalTables.Api.Tests.Storage;

/// <summary>
/// Backups and point-in-time restores on the PostgreSQL store: the same reads of snapshots and journal, through
/// Akka.Persistence's protocol and Akka.Persistence.Query, as on SQLite.
/// </summary>
public sealed class PostgresBackupTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task A_backup_and_a_point_in_time_restore_give_the_table_as_it_stood_then()
    {
        var fixture = new ServerFixture
        {
            Store = StoreKind.Postgres, StoreConnection = await postgres.CreateDatabaseAsync(),
            ConfigOverrides = "globaltables.snapshots { after-events = 20, after = 200ms }",
        };
        await fixture.InitializeAsync();
        try
        {
            var client = fixture.Client();
            await ServerFixture.CreateTableAsync(client, "Ledger");
            await client.UpdateContinuousBackupsAsync(new UpdateContinuousBackupsRequest
            {
                TableName = "Ledger", PointInTimeRecoverySpecification = new PointInTimeRecoverySpecification { PointInTimeRecoveryEnabled = true },
            });
            for (int i = 0; i < 40; i++) await PutAsync(client, "Ledger", $"k{i:D2}", "first");
            var first = (At: DateTime.UtcNow, Contents: await ContentsAsync(client, "Ledger"));
            await Task.Delay(300);
            var arn = (await client.CreateBackupAsync(new CreateBackupRequest { TableName = "Ledger", BackupName = "first" })).BackupDetails.BackupArn;
            for (int i = 0; i < 40; i += 2) await PutAsync(client, "Ledger", $"k{i:D2}", "second");
            await DeleteAsync(client, "Ledger", "k01");
            await Task.Delay(1100);

            await client.RestoreTableToPointInTimeAsync(new RestoreTableToPointInTimeRequest
            {
                SourceTableName = "Ledger", TargetTableName = "Ledger-then", RestoreDateTime = first.At,
            });
            await client.RestoreTableFromBackupAsync(new RestoreTableFromBackupRequest { TargetTableName = "Ledger-backup", BackupArn = arn });
            await WaitRestoredAsync(client, "Ledger-then");
            await WaitRestoredAsync(client, "Ledger-backup");

            Assert.Equal(first.Contents, await ContentsAsync(client, "Ledger-then"));
            Assert.Equal(first.Contents, await ContentsAsync(client, "Ledger-backup"));
            Assert.Contains("k00=second", await ContentsAsync(client, "Ledger"));
        }
        finally { await fixture.DisposeAsync(); }
    }
}
