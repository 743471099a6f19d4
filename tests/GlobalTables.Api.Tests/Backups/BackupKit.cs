using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Backups;

/// <summary>What the backup tests share: items written and read as "pk=v", and polls with a deadline.</summary>
static class BackupKit
{
    public static Task PutAsync(IAmazonDynamoDB client, string table, string pk, string v) =>
        client.PutItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk }, ["v"] = new() { S = v } });

    public static Task DeleteAsync(IAmazonDynamoDB client, string table, string pk) =>
        client.DeleteItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = pk } });

    /// <summary>Every item of the table as "pk=v", sorted.</summary>
    public static async Task<string> ContentsAsync(IAmazonDynamoDB client, string table)
    {
        var items = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = table, ExclusiveStartKey = start, ConsistentRead = true });
            items.AddRange(page.Items.Select(i => $"{i["pk"].S}={i["v"].S}"));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (start is not null);
        return string.Join(",", items.Order(StringComparer.Ordinal));
    }

    public static Task<BackupDescription> WaitAvailableAsync(IAmazonDynamoDB client, string arn, TimeSpan? within = null) =>
        Eventually.ReadAsync(async () => (await client.DescribeBackupAsync(new DescribeBackupRequest { BackupArn = arn })).BackupDescription,
            d => d.BackupDetails.BackupStatus == BackupStatus.AVAILABLE, d => $"{arn} stayed {d.BackupDetails.BackupStatus}", within ?? TimeSpan.FromSeconds(60));

    /// <summary>Polls DescribeTable until the restored table is ACTIVE and its restore no longer in progress.</summary>
    public static Task<TableDescription> WaitRestoredAsync(IAmazonDynamoDB client, string table, TimeSpan? within = null) =>
        Eventually.ReadAsync(async () => (await client.DescribeTableAsync(table)).Table,
            t => t.TableStatus == TableStatus.ACTIVE, t => $"{table} stayed {t.TableStatus}", within ?? TimeSpan.FromSeconds(60));

    public static async Task<string> ErrorOfAsync(Func<Task> call)
    {
        var e = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(call);
        return $"{e.ErrorCode}: {e.Message}";
    }
}
