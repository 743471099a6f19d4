using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// The size of each item collection of a partition: the items with one partition-key value, with their entries in the
/// table's local indexes. Besides what the journal has confirmed it counts what the writes in the journal's hands (and
/// the prepared transactions) add, so that writes decided before the others are confirmed cannot pass the limit together.
/// </summary>
public sealed class ItemCollections
{
    readonly Dictionary<AttributeValue, long> _confirmed = new();
    readonly Dictionary<AttributeValue, long> _held = new();
    readonly Dictionary<ItemKey, (Version Version, long Growth)> _heldByItem = new();

    /// <summary>The collection's size with the growth held for writes not yet applied.</summary>
    public long SizeOf(AttributeValue partitionKey) => _confirmed.GetValueOrDefault(partitionKey) + _held.GetValueOrDefault(partitionKey);

    /// <summary>A confirmed change of <paramref name="bytes"/> (negative: freed) to a collection.</summary>
    public void Add(AttributeValue partitionKey, long bytes) => Change(_confirmed, partitionKey, bytes);

    /// <summary>
    /// Counts the growth of a write to <paramref name="key"/> until its change of <paramref name="version"/> is applied or
    /// refused. Only growth counts: a write that frees room may still be refused, and the room with it.
    /// </summary>
    public void Hold(ItemKey key, Version version, long growth)
    {
        Release(key);
        if (growth <= 0) return;
        _heldByItem[key] = (version, growth);
        Change(_held, key.PartitionKey, growth);
    }

    /// <summary>The write held on the item was applied (when <paramref name="applied"/> is its Version) or refused (null).</summary>
    public void Release(ItemKey key, Version? applied = null)
    {
        if (!_heldByItem.TryGetValue(key, out var held) || (applied is { } version && version != held.Version)) return;
        _heldByItem.Remove(key);
        Change(_held, key.PartitionKey, -held.Growth);
    }

    /// <summary>Forgets the confirmed sizes, before they are counted again; the held writes stay.</summary>
    public void ClearConfirmed() => _confirmed.Clear();

    static void Change(Dictionary<AttributeValue, long> sizes, AttributeValue partitionKey, long bytes)
    {
        long size = sizes.GetValueOrDefault(partitionKey) + bytes;
        if (size == 0) sizes.Remove(partitionKey);
        else sizes[partitionKey] = size;
    }
}
