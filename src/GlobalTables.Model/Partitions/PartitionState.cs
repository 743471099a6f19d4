using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// The items of one table partition. Decide turns a request into an event without changing state;
/// Apply folds an event in. The actor around it only persists and replies.
/// </summary>
public sealed class PartitionState(string table, string region, HybridLogicalClock clock)
{
    readonly Dictionary<ItemKey, StoredItem> _items = new();

    /// <summary>Every key held (tombstones too) in key order, for Query and Scan pages.</summary>
    public Queries.OrderedKeyIndex Order { get; } = new();

    public string Table { get; } = table;
    public string Region { get; } = region;
    public long ItemCount { get; private set; }
    public long SizeBytes { get; private set; }

    public StoredItem? Find(ItemKey key) => _items.GetValueOrDefault(key);

    readonly List<LostUpdate> _lost = [];

    /// <summary>The writes last-writer-wins discarded here, oldest first.</summary>
    public IReadOnlyList<LostUpdate> LostUpdates => _lost;

    public void Record(LostUpdate lost) => _lost.Add(lost);

    /// <summary>Runs the apply rule for a change from a peer replica; Apply the resulting change, if any.</summary>
    public LwwResolver.Resolution ResolveReplicated(ItemChanged incoming, DateTimeOffset now) =>
        LwwResolver.Resolve(Find(incoming.Key), incoming, Region, now);

    public IReadOnlyDictionary<string, AttributeValue>? Get(ItemKey key) => Find(key)?.Image;

    public IEnumerable<StoredItem> Items => _items.Values;

    /// <summary>Every key with its stored item, tombstones included.</summary>
    public IEnumerable<(ItemKey Key, StoredItem Item)> Entries => _items.Select(kv => (kv.Key, kv.Value));

    public WriteDecision Decide(WriteRequest request)
    {
        var current = Find(request.Key);
        var old = current?.Image;
        try
        {
            if (request.Condition is not null && !request.Condition.Evaluate(old))
                return WriteDecision.Failed(DynamoException.ConditionalCheckFailed(request.ReturnItemOnConditionFailure ? old : null));

            IReadOnlyDictionary<string, AttributeValue>? image = request switch
            {
                PutRequest put => put.Item,
                UpdateRequest update => ApplyUpdate(update, old),
                DeleteRequest => null,
                _ => throw new InvalidOperationException(request.GetType().Name),
            };
            int oldSize = current?.SizeBytes ?? 0;
            int newSize = ItemSize.Of(image);
            if (newSize > Limits.ItemSizeBytesMax)
                return WriteDecision.Failed(DynamoException.Validation(request is UpdateRequest
                    ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size"));

            var returned = Returned(request, old, image);
            // A delete of an absent item changes nothing and is not persisted.
            if (image is null && old is null) return new WriteDecision(null, returned, 0, 0);

            var stamp = clock.Next(current?.Version.Stamp ?? default);
            var version = new Version(stamp, Region);
            var context = (current?.Context ?? VersionVector.Empty).With(version);
            // A local write is made on top of the image here, so it carries that image's lineage.
            var lineage = (current?.DataLineage ?? Lineage.Empty).Then(version, current?.Context ?? VersionVector.Empty);
            return new WriteDecision(new ItemChanged(Table, request.Key, image, version, context, Lineage: lineage, PreviousSequence: current?.Sequence ?? 0),
                returned, oldSize, newSize);
        }
        catch (DynamoException e)
        {
            return WriteDecision.Failed(e);
        }
    }

    static Dictionary<string, AttributeValue> ApplyUpdate(UpdateRequest update, IReadOnlyDictionary<string, AttributeValue>? old)
    {
        var image = update.Update is null
            ? new Dictionary<string, AttributeValue>(old ?? new Dictionary<string, AttributeValue>(), StringComparer.Ordinal)
            : update.Update.Apply(old);
        foreach (var (k, v) in update.KeyAttributes) image[k] = v;
        return image;
    }

    static IReadOnlyDictionary<string, AttributeValue>? Returned(
        WriteRequest request, IReadOnlyDictionary<string, AttributeValue>? old, IReadOnlyDictionary<string, AttributeValue>? image)
    {
        switch (request.ReturnValues)
        {
            case ReturnValue.ALL_OLD: return old;
            case ReturnValue.ALL_NEW: return image;
            case ReturnValue.UPDATED_OLD when request is UpdateRequest { Update: { } u }:
                return old is null ? null : u.ProjectUpdated(old);
            case ReturnValue.UPDATED_NEW when request is UpdateRequest { Update: { } u }:
                return image is null ? null : u.ProjectUpdated(image);
            default: return null;
        }
    }

    /// <param name="sequence">The journal sequence number the change is persisted at, which the item's next change points back to.</param>
    public void Apply(ItemChanged change, long sequence = 0)
    {
        clock.Observe(change.Version.Stamp);
        var previous = Find(change.Key);
        if (previous is { IsTombstone: false })
        {
            ItemCount--;
            SizeBytes -= previous.SizeBytes;
        }
        var stored = new StoredItem(change.NewImage, change.Version, change.Context, ItemSize.Of(change.NewImage), change.OriginContext, change.DataLineage, sequence);
        _items[change.Key] = stored;
        if (previous is null) Order.Add(change.Key);
        if (!stored.IsTombstone)
        {
            ItemCount++;
            SizeBytes += stored.SizeBytes;
        }
    }
}
