using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// The entries of one secondary index for the items of one table partition, in <see cref="IndexEntryOrder"/>. It holds
/// keys and sizes only; a page reads each item from the partition and projects it. Setting an item's entry replaces
/// the one it had, so an item is in the index once however often it is set (docs/indexes.md).
/// </summary>
public sealed class SecondaryIndex(SecondaryIndexDefinition definition, KeySchema table)
{
    readonly OrderedChunks<IndexEntry> _order = new(IndexEntryOrder.Instance);
    readonly Dictionary<ItemKey, (ItemKey IndexKey, int Size)> _byItem = new();

    public SecondaryIndexDefinition Definition { get; private set; } = definition;
    public KeySchema TableKeys { get; } = table;
    public long ItemCount => _byItem.Count;
    public long SizeBytes { get; private set; }

    /// <summary>The items still to enter a backfill; null once the index holds every item.</summary>
    Queue<ItemKey>? _backfill;

    /// <summary>True once every item held has had its entry set: built, loaded, or backfilled to the end.</summary>
    public bool Complete => _backfill is null;

    /// <summary>
    /// Starts a backfill of the items held: <see cref="Backfill"/> sets their entries a few at a time. Changes applied
    /// meanwhile set their entries as usual; setting one again later gives the same entry.
    /// </summary>
    public void StartBackfill(IEnumerable<ItemKey> held) => _backfill = new Queue<ItemKey>(held);

    /// <summary>Sets the entries of up to <paramref name="max"/> more items, read as they are now; true once done.</summary>
    public bool Backfill(Func<ItemKey, IReadOnlyDictionary<string, AttributeValue>?> read, int max)
    {
        if (_backfill is null) return true;
        for (int i = 0; i < max && _backfill.TryDequeue(out var key); i++) Set(key, read(key));
        if (_backfill.Count > 0) return false;
        _backfill = null;
        return true;
    }

    /// <summary>A new status or throughput; the entries stay.</summary>
    public void Redefine(SecondaryIndexDefinition definition) => Definition = definition;

    /// <summary>True when <paramref name="definition"/> keeps the same entries: the same keys and projection.</summary>
    public bool Keeps(SecondaryIndexDefinition definition) =>
        definition.IsGlobal == Definition.IsGlobal && definition.KeySchema == Definition.KeySchema && definition.Projection == Definition.Projection;

    /// <summary>The item is now <paramref name="image"/> (null when deleted): its entry follows.</summary>
    /// <returns>True when the item had an entry or has one now: the change reached the index.</returns>
    public bool Set(ItemKey key, IReadOnlyDictionary<string, AttributeValue>? image)
    {
        bool had = _byItem.Remove(key, out var old);
        if (had)
        {
            _order.Remove(new IndexEntry(old.IndexKey, key));
            SizeBytes -= old.Size;
        }
        if (image is null || Definition.KeyOf(image) is not { } indexKey) return had;
        int size = ItemSize.Of(Definition.Projection.Project(image, TableKeys, Definition.KeySchema));
        _byItem[key] = (indexKey, size);
        _order.Add(new IndexEntry(indexKey, key));
        SizeBytes += size;
        return true;
    }

    /// <summary>The projected size of the item's entry; 0 when it has none.</summary>
    public int SizeOf(ItemKey key) => _byItem.TryGetValue(key, out var e) ? e.Size : 0;

    /// <summary>The entries in index order with their sizes, copied, for a snapshot.</summary>
    public IndexContents Contents() =>
        new(Definition.Name, _order.Walk(null, true, true).Select(e => (e, _byItem[e.TableKey].Size)).ToList());

    /// <summary>Loads what a snapshot kept into an empty index.</summary>
    public void Load(IndexContents contents)
    {
        _byItem.EnsureCapacity(contents.Entries.Count);
        foreach (var (entry, size) in contents.Entries)
        {
            _byItem[entry.TableKey] = (entry.IndexKey, size);
            SizeBytes += size;
        }
        _order.LoadInOrder(contents.Entries.Select(e => e.Entry));
    }

    public IEnumerable<IndexEntry> Walk(IndexEntry? bound, bool inclusive, bool forward) => _order.Walk(bound, inclusive, forward);

    /// <summary>The item as the index holds it.</summary>
    public IReadOnlyDictionary<string, AttributeValue> Project(IReadOnlyDictionary<string, AttributeValue> image) =>
        Definition.Projection.Project(image, TableKeys, Definition.KeySchema);
}
