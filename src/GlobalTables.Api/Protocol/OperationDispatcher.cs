using System.Text.Json;
using GlobalTables.Api.Items;
using GlobalTables.Api.Tables;

namespace GlobalTables.Api.Protocol;

/// <summary>Picks the handler for an operation.</summary>
public sealed class OperationDispatcher(EndpointDirectory endpoints)
{
    public Task DispatchAsync(Operation operation, OperationContext ctx, Utf8JsonWriter w) => operation switch
    {
        Operation.CreateTable => CreateTableOperation.HandleAsync(ctx, w),
        Operation.DescribeTable => DescribeTableOperation.HandleAsync(ctx, w),
        Operation.ListTables => ListTablesOperation.HandleAsync(ctx, w),
        Operation.DeleteTable => DeleteTableOperation.HandleAsync(ctx, w),
        Operation.UpdateTable => UpdateTableOperation.HandleAsync(ctx, w),
        Operation.DescribeLimits => DescribeLimitsOperation.HandleAsync(ctx, w),
        Operation.DescribeEndpoints => DescribeEndpointsOperation.HandleAsync(ctx, w, endpoints),
        Operation.PutItem => PutItemOperation.HandleAsync(ctx, w),
        Operation.GetItem => GetItemOperation.HandleAsync(ctx, w),
        Operation.UpdateItem => UpdateItemOperation.HandleAsync(ctx, w),
        Operation.DeleteItem => DeleteItemOperation.HandleAsync(ctx, w),
        Operation.Query => QueryOperation.HandleAsync(ctx, w),
        Operation.Scan => ScanOperation.HandleAsync(ctx, w),
        Operation.BatchGetItem => BatchGetItemOperation.HandleAsync(ctx, w),
        Operation.BatchWriteItem => BatchWriteItemOperation.HandleAsync(ctx, w),
        Operation.TransactWriteItems => Transactions.TransactWriteItemsOperation.HandleAsync(ctx, w),
        Operation.TransactGetItems => Transactions.TransactGetItemsOperation.HandleAsync(ctx, w),
        Operation.ListStreams => Streams.ListStreamsOperation.HandleAsync(ctx, w),
        Operation.DescribeStream => Streams.DescribeStreamOperation.HandleAsync(ctx, w),
        Operation.GetShardIterator => Streams.GetShardIteratorOperation.HandleAsync(ctx, w),
        Operation.GetRecords => Streams.GetRecordsOperation.HandleAsync(ctx, w),
        Operation.TagResource => Tags.TagResourceOperation.HandleAsync(ctx),
        Operation.UntagResource => Tags.UntagResourceOperation.HandleAsync(ctx),
        Operation.ListTagsOfResource => Tags.ListTagsOfResourceOperation.HandleAsync(ctx, w),
        Operation.UpdateTimeToLive => TimeToLive.UpdateTimeToLiveOperation.HandleAsync(ctx, w),
        Operation.DescribeTimeToLive => TimeToLive.DescribeTimeToLiveOperation.HandleAsync(ctx, w),
        Operation.CreateBackup => Backups.CreateBackupOperation.HandleAsync(ctx, w),
        Operation.DescribeBackup => Backups.DescribeBackupOperation.HandleAsync(ctx, w),
        Operation.ListBackups => Backups.ListBackupsOperation.HandleAsync(ctx, w),
        Operation.DeleteBackup => Backups.DeleteBackupOperation.HandleAsync(ctx, w),
        Operation.RestoreTableFromBackup => Backups.RestoreTableFromBackupOperation.HandleAsync(ctx, w),
        Operation.UpdateContinuousBackups => Backups.UpdateContinuousBackupsOperation.HandleAsync(ctx, w),
        Operation.DescribeContinuousBackups => Backups.DescribeContinuousBackupsOperation.HandleAsync(ctx, w),
        Operation.RestoreTableToPointInTime => Backups.RestoreTableToPointInTimeOperation.HandleAsync(ctx, w),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}
