namespace GlobalTables.Model;

/// <summary>DynamoDB's documented limits.</summary>
public static class Limits
{
    public const int ItemSizeBytesMax = 400 * 1024;
    public const int PartitionKeyBytesMax = 2048;
    public const int SortKeyBytesMax = 1024;
    public const int BatchWriteItemsMax = 25;
    public const int BatchGetItemsMax = 100;
    public const int TransactionActionsMax = 100;
    public const int QueryPageBytesMax = 1024 * 1024;
    public const int TableNameLengthMin = 3;
    public const int TableNameLengthMax = 255;
    public const int ListTablesLimitMax = 100;
    public const int WriteUnitBytes = 1024;
    public const int ReadUnitBytes = 4096;
    public const int PartitionCountDefault = 16;
    public const int PartitionCountMax = 1024;
}
