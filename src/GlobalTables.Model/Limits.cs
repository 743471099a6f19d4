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
    /// <summary>An item collection (a partition-key value's items and their local index entries) of a table with a local index.</summary>
    public const long ItemCollectionBytesMax = 10L * 1024 * 1024 * 1024;

    // Expression parameters (developer guide, "Constraints": Expression parameters).

    /// <summary>Any expression string, in UTF-8 bytes as sent (placeholders are not substituted first).</summary>
    public const int ExpressionBytesMax = 4096;
    /// <summary>Operators in one expression: AND, OR, NOT, comparators, BETWEEN and IN in a condition; +, - and function calls in an update.</summary>
    public const int ExpressionOperatorsMax = 300;
    /// <summary>Candidates of one IN.</summary>
    public const int InOperandsMax = 100;
    /// <summary>Elements of a document path (names and list indexes).</summary>
    public const int DocumentPathDepthMax = 32;
    /// <summary>One ExpressionAttributeNames or ExpressionAttributeValues key, e.g. <c>#name</c>, in UTF-8 bytes.</summary>
    public const int ExpressionAttributeKeyBytesMax = 255;
    /// <summary>All of a request's ExpressionAttributeNames (keys and names), and all of its ExpressionAttributeValues (keys and values), each.</summary>
    public const int ExpressionAttributesBytesMax = 2 * 1024 * 1024;

    /// <summary>Levels of an attribute value: the attribute itself is level 1, each M or L inside adds one.</summary>
    public const int AttributeNestingLevelsMax = 32;

    /// <summary>
    /// Parentheses, function calls and IN lists opened inside one another while an expression is parsed.
    /// Not a DynamoDB limit but the parser's bound on its own recursion, low enough for a thread pool thread's
    /// stack even before the JIT optimizes the parser. Each level but a redundant parenthesis (which DynamoDB
    /// rejects) comes with an operator, so DynamoDB's 300 keep any expression it accepts near or below this.
    /// </summary>
    public const int ExpressionNestingLevelsMax = 512;
}
