namespace GlobalTables.Cli.Bench;

/// <summary>
/// Maps a record number onto the bench table's key. Records are grouped
/// <see cref="GroupSize"/> to a partition key so that a YCSB short scan becomes one Query:
/// record k lives at pk = "user" + k / GroupSize, sk = k % GroupSize.
/// </summary>
public static class KeySpace
{
    public const int GroupSize = 100;
    public const string PartitionKeyName = "pk";
    public const string SortKeyName = "sk";
    public const string DataName = "data";

    const string PartitionKeyPrefix = "user";

    public static string PartitionKey(long record) => PartitionKeyPrefix + (record / GroupSize).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The record whose key this is: the inverse of <see cref="PartitionKey"/> and <see cref="SortKey"/>.</summary>
    public static long Record(string partitionKey, long sortKey) =>
        long.Parse(partitionKey.AsSpan(PartitionKeyPrefix.Length), System.Globalization.CultureInfo.InvariantCulture) * GroupSize + sortKey;

    public static long SortKey(long record) => record % GroupSize;
}
