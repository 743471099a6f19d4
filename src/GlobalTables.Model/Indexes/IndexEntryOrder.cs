using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Queries;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// The order of a secondary index: by index key (<see cref="ItemKeyOrder"/>), then by table key. <see cref="First"/>
/// and <see cref="Last"/> are table-key bounds before and after every item of an index key.
/// </summary>
public sealed class IndexEntryOrder : IComparer<IndexEntry>
{
    public static readonly IndexEntryOrder Instance = new();

    /// <summary>A table-key bound below every item. Compared by reference; never stored.</summary>
    public static readonly ItemKey First = new(AttributeValue.FromL([]), null);

    /// <summary>A table-key bound above every item. Compared by reference; never stored.</summary>
    public static readonly ItemKey Last = new(AttributeValue.FromL([]), null);

    public int Compare(IndexEntry x, IndexEntry y)
    {
        int order = ItemKeyOrder.Instance.Compare(x.IndexKey, y.IndexKey);
        if (order != 0) return order;
        var (a, b) = (x.TableKey.PartitionKey, y.TableKey.PartitionKey);
        if (ReferenceEquals(a, b)) return ItemKeyOrder.Instance.Compare(x.TableKey, y.TableKey);
        if (ReferenceEquals(a, First.PartitionKey) || ReferenceEquals(b, Last.PartitionKey)) return -1;
        if (ReferenceEquals(a, Last.PartitionKey) || ReferenceEquals(b, First.PartitionKey)) return 1;
        return ItemKeyOrder.Instance.Compare(x.TableKey, y.TableKey);
    }
}
