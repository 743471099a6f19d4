namespace GlobalTables.Api.Protocol;

/// <summary>The DynamoDB and DynamoDB Streams operations this endpoint serves, named as in <c>X-Amz-Target</c>.</summary>
public enum Operation
{
    CreateTable,
    DescribeTable,
    ListTables,
    DeleteTable,
    UpdateTable,
    DescribeLimits,
    DescribeEndpoints,
    PutItem,
    GetItem,
    UpdateItem,
    DeleteItem,
    Query,
    Scan,
    BatchGetItem,
    BatchWriteItem,
    TransactWriteItems,
    TransactGetItems,
    TagResource,
    UntagResource,
    ListTagsOfResource,
    // DynamoDB Streams from here on (OperationTarget.IsStreams).
    ListStreams,
    DescribeStream,
    GetShardIterator,
    GetRecords,
}
