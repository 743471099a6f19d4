namespace GlobalTables.Cli.Bench;

/// <summary>One kind of request a workload sends. The names are the rows of the report.</summary>
public enum Operation
{
    Read,
    Update,
    Insert,
    Scan,
    ReadModifyWrite,
    Put,
    ReplicatedPut,
    SqliteInsertBatch,
    GetRecords,
    Query,
    IndexQuery,
}

public static class OperationNames
{
    public static string Name(Operation operation) => operation switch
    {
        Operation.Read => "read",
        Operation.Update => "update",
        Operation.Insert => "insert",
        Operation.Scan => "scan",
        Operation.ReadModifyWrite => "read-modify-write",
        Operation.Put => "put",
        Operation.ReplicatedPut => "put",
        Operation.SqliteInsertBatch => "insert-batch-100",
        Operation.GetRecords => "get-records",
        Operation.Query => "query",
        Operation.IndexQuery => "gsi-query",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };
}
