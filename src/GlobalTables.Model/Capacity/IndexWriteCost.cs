using GlobalTables.Model.Attributes;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Capacity;

/// <summary>
/// DynamoDB's write cost to one secondary index of a write that takes an item from one image to another: putting an
/// entry, deleting one, or both when the index key changes; each at one unit per started KB of the entry, at least one.
/// </summary>
public static class IndexWriteCost
{
    /// <param name="old">The item before the write; null when absent.</param>
    /// <param name="new">The item after it; null when deleted.</param>
    public static double Of(SecondaryIndexDefinition index, KeySchema table,
        IReadOnlyDictionary<string, AttributeValue>? old, IReadOnlyDictionary<string, AttributeValue>? @new)
    {
        var oldKey = old is null ? null : index.KeyOf(old);
        var newKey = @new is null ? null : index.KeyOf(@new);
        if (oldKey is null && newKey is null) return 0;
        var oldEntry = oldKey is null ? null : index.Projection.Project(old!, table, index.KeySchema);
        var newEntry = newKey is null ? null : index.Projection.Project(@new!, table, index.KeySchema);
        if (oldKey is null) return CapacityUnits.ForWrite(0, ItemSize.Of(newEntry));
        if (newKey is null) return CapacityUnits.ForWrite(ItemSize.Of(oldEntry), 0);
        // A new index key moves the entry: the old one is deleted and the new one put.
        if (!oldKey.Value.Equals(newKey.Value)) return CapacityUnits.ForWrite(ItemSize.Of(oldEntry), 0) + CapacityUnits.ForWrite(0, ItemSize.Of(newEntry));
        return ItemImage.Same(oldEntry, newEntry) ? 0 : CapacityUnits.ForWrite(ItemSize.Of(oldEntry), ItemSize.Of(newEntry));
    }
}
