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

    public static string PartitionKey(long record) => "user" + (record / GroupSize).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    public static long SortKey(long record) => record % GroupSize;
}
