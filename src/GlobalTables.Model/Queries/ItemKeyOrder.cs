using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;

namespace GlobalTables.Model.Queries;

/// <summary>
/// The order of keys inside one partition: by partition key, then by sort key, each as DynamoDB
/// orders keys (N numerically, S and B bytewise). <see cref="Lowest"/> and <see cref="Highest"/> are
/// sort-key bounds that sort before and after every sort key of their partition key.
/// </summary>
public sealed class ItemKeyOrder : IComparer<ItemKey>
{
    public static readonly ItemKeyOrder Instance = new();

    /// <summary>A sort-key bound below every real sort key. Compared by reference; never stored.</summary>
    public static readonly AttributeValue Lowest = AttributeValue.FromL([]);

    /// <summary>A sort-key bound above every real sort key. Compared by reference; never stored.</summary>
    public static readonly AttributeValue Highest = AttributeValue.FromL([]);

    public int Compare(ItemKey x, ItemKey y)
    {
        int order = AttributeValue.CompareScalars(x.PartitionKey, y.PartitionKey);
        if (order != 0) return order;
        return CompareSortKeys(x.SortKey, y.SortKey);
    }

    static int CompareSortKeys(AttributeValue? a, AttributeValue? b)
    {
        if (ReferenceEquals(a, b)) return 0;
        if (ReferenceEquals(a, Lowest) || ReferenceEquals(b, Highest)) return -1;
        if (ReferenceEquals(a, Highest) || ReferenceEquals(b, Lowest)) return 1;
        if (a is null || b is null) return a is null ? (b is null ? 0 : -1) : 1;
        return AttributeValue.CompareScalars(a, b);
    }
}
