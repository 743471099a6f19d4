using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// The items of one table partition. Decide turns a request into an event without changing state;
/// Apply folds an event in. The actor around it only persists and replies.
/// </summary>
/// <param name="itemCollectionLimitBytes">How large an item collection of a table with a local index may grow.</param>
public sealed class PartitionState(string table, string region, HybridLogicalClock clock, long itemCollectionLimitBytes = Limits.ItemCollectionBytesMax)
{
    readonly Dictionary<ItemKey, StoredItem> _items = new();

    /// <summary>Every key held (tombstones too) in key order, for Query and Scan pages.</summary>
    public Queries.OrderedKeyIndex Order { get; } = new();

    public string Table { get; } = table;
    public string Region { get; } = region;
    public long ItemCount { get; private set; }
    public long SizeBytes { get; private set; }

    public StoredItem? Find(ItemKey key) => _items.GetValueOrDefault(key);

    readonly Dictionary<string, SecondaryIndex> _indexes = new(StringComparer.Ordinal);

    /// <summary>The secondary indexes this partition keeps entries for, by name; empty until the catalog defines them.</summary>
    public IReadOnlyDictionary<string, SecondaryIndex> Indexes => _indexes;

    readonly List<string> _reached = [];

    /// <summary>The indexes whose entries the last applied change set or removed, for their lag.</summary>
    public IReadOnlyList<string> IndexesReached => _reached;

    /// <summary>The indexes as last defined, which a snapshot keeps; null when never defined.</summary>
    public IndexesDefined? IndexDefinitions { get; private set; }

    /// <summary>The local indexes, whose entries count toward their item's collection.</summary>
    List<SecondaryIndex> _localIndexes = [];

    /// <summary>The size of each item collection; kept only while the table has a local index, as in DynamoDB.</summary>
    ItemCollections? _collections;

    /// <summary>
    /// The table's indexes are now <paramref name="defined"/>: an index whose keys and projection stay keeps its
    /// entries, a new or changed one is built from every item held, and one no longer defined is dropped.
    /// </summary>
    /// <param name="contents">Entries a snapshot kept, loaded instead of built for the indexes they name.</param>
    /// <param name="backfill">A new GSI starts a backfill (<see cref="Backfill"/>) instead of being built at once, so that
    /// the partition goes on serving while it fills; a live partition asks for it, recovery does not.</param>
    public void Apply(IndexesDefined defined, IReadOnlyList<IndexContents>? contents = null, bool backfill = false)
    {
        foreach (var name in _indexes.Keys.Where(n => !defined.Indexes.Any(i => i.Name == n)).ToList()) _indexes.Remove(name);
        foreach (var definition in defined.Indexes)
        {
            if (_indexes.TryGetValue(definition.Name, out var kept) && kept.Keeps(definition))
            {
                kept.Redefine(definition);
                continue;
            }
            var index = new SecondaryIndex(definition, defined.TableKeys);
            if (contents?.FirstOrDefault(c => c.Name == definition.Name) is { } saved) index.Load(saved);
            // A local index's entries count toward item collections, which are counted whole: it is built at once.
            else if (backfill && definition.IsGlobal) index.StartBackfill(_items.Where(e => !e.Value.IsTombstone).Select(e => e.Key).ToList());
            else
                foreach (var (key, item) in _items)
                    if (!item.IsTombstone) index.Set(key, item.Image);
            _indexes[definition.Name] = index;
        }
        IndexDefinitions = defined;
        _localIndexes = _indexes.Values.Where(i => !i.Definition.IsGlobal).ToList();
        CountCollections();
    }

    /// <summary>True while an index is still being backfilled.</summary>
    public bool Backfilling => _indexes.Values.Any(i => !i.Complete);

    /// <summary>Backfills up to <paramref name="max"/> more items into each index being backfilled; true once none is.</summary>
    public bool Backfill(int max)
    {
        bool done = true;
        foreach (var index in _indexes.Values)
            done &= index.Backfill(key => Find(key) is { IsTombstone: false } item ? item.Image : null, max);
        return done;
    }

    /// <summary>Counts every item collection anew from the items held, after the local indexes changed.</summary>
    void CountCollections()
    {
        if (_localIndexes.Count == 0)
        {
            _collections = null;
            return;
        }
        _collections ??= new ItemCollections();
        _collections.ClearConfirmed();
        foreach (var (key, item) in _items)
            if (!item.IsTombstone) _collections.Add(key.PartitionKey, ConfirmedShare(key, item));
    }

    /// <summary>What an item held adds to its collection: its size and its local index entries'.</summary>
    long ConfirmedShare(ItemKey key, StoredItem? item)
    {
        if (item is null || item.IsTombstone) return 0;
        long share = item.SizeBytes;
        foreach (var index in _localIndexes) share += index.SizeOf(key);
        return share;
    }

    /// <summary>What an image would add to its collection.</summary>
    long ShareOf(IReadOnlyDictionary<string, AttributeValue>? image)
    {
        if (image is null) return 0;
        long share = ItemSize.Of(image);
        foreach (var index in _localIndexes) share += index.Definition.EntrySizeOf(image, index.TableKeys);
        return share;
    }

    /// <summary>The size of an item collection, with the growth of the writes not yet applied; 0 without a local index.</summary>
    public long ItemCollectionSizeOf(AttributeValue partitionKey) => _collections?.SizeOf(partitionKey) ?? 0;

    /// <summary>
    /// Counts what decided changes add to their collections until they are applied (or <see cref="Unhold"/>): from the
    /// moment they are decided, while the journal or a prepared transaction has them.
    /// </summary>
    public void Hold(IEnumerable<ItemChanged> changes)
    {
        if (_collections is null) return;
        foreach (var change in changes)
            _collections.Hold(change.Key, change.Version, ShareOf(change.NewImage) - ConfirmedShare(change.Key, Find(change.Key)));
    }

    /// <summary>The changes held on these items were refused or dropped.</summary>
    public void Unhold(IEnumerable<ItemKey> keys)
    {
        if (_collections is null) return;
        foreach (var key in keys) _collections.Release(key);
    }

    /// <summary>How far the journal may be deleted, and which changes carry their prior image whole.</summary>
    public JournalRetention Retention { get; } = new();

    /// <summary>
    /// The highest Version of a tombstone this partition has collected (docs/bounded-state.md): a change from a peer's
    /// journal to a key held here no more, at or below it, is older than a delete forgotten here, and loses to it.
    /// </summary>
    public HlcStamp CollectedThrough { get; private set; }

    /// <summary>
    /// Runs the apply rule for a batch of changes from a peer replica, in order, each against the state the ones
    /// before it leave, without changing anything: the events are applied once the journal has them.
    /// </summary>
    /// <param name="lastSequence">The journal sequence number of the last event already handed to the journal;
    /// the batch's events follow it, in order.</param>
    /// <param name="isFill">The batch is a peer's whole state (a new replica's, or a peer fallen behind the retained journal):
    /// each item as that peer holds it now, so plain last-writer-wins is right for it even where a tombstone was collected.</param>
    public ReplicatedBatch ResolveReplicated(IReadOnlyList<ItemChanged> batch, DateTimeOffset now, long lastSequence, bool isFill = false)
    {
        var resolved = new Dictionary<ItemKey, StoredItem>();
        var outcomes = new List<ApplyOutcome>(batch.Count);
        var events = new List<object>();
        foreach (var incoming in batch)
        {
            var current = resolved.TryGetValue(incoming.Key, out var earlier) ? earlier : Find(incoming.Key);
            if (current is null && !isFill && incoming.Version.Stamp <= CollectedThrough)
            {
                outcomes.Add(ApplyOutcome.Stale);
                continue;
            }
            var resolution = LwwResolver.Resolve(current, incoming, Region, now);
            outcomes.Add(resolution.Outcome);
            if (resolution.Change is null) continue;
            events.Add(Linked(resolution.Change, current));
            resolved[incoming.Key] = StoredItem.Of(resolution.Change, lastSequence + events.Count);
            if (resolution.Lost is { } lost) events.Add(lost);
        }
        return new ReplicatedBatch(outcomes, events, resolved.Keys);
    }

    public IReadOnlyDictionary<string, AttributeValue>? Get(ItemKey key) => Find(key)?.Image;

    public IEnumerable<StoredItem> Items => _items.Values;

    /// <summary>Every key with its stored item, tombstones included.</summary>
    public IEnumerable<(ItemKey Key, StoredItem Item)> Entries => _items.Select(kv => (kv.Key, kv.Value));

    /// <summary>
    /// Every item held, tombstones too, and what retention needs, for a snapshot. Its lost-update list is empty: the
    /// log is not state, it is read from the journal, where the LostUpdate events stay (docs/durability.md).
    /// </summary>
    public PartitionSnapshot Snapshot(IReadOnlyList<Transactions.TransactionPrepared> prepared) =>
        new(Table, _items.ToList(), [], prepared, Retention.Marks.ToList(), CollectedThrough, IndexDefinitions,
            // An index still backfilling is left out: a restore from this snapshot builds it whole.
            IndexDefinitions is null ? null : _indexes.Values.Where(i => i.Complete).Select(i => i.Contents()).ToList());

    /// <summary>
    /// A change as it is persisted: pointing back to the event that set its item, or carrying the item whole when that
    /// event may be deleted first (<see cref="JournalRetention.InlineAtOrBelow"/>).
    /// </summary>
    /// <param name="current">The item the change was decided on.</param>
    public ItemChanged Linked(ItemChanged change, StoredItem? current)
    {
        if (current is null || change.PreviousSequence == 0 || change.PreviousSequence > Retention.InlineAtOrBelow) return change;
        return change with { PreviousSequence = 0, Prior = new PriorImage(current.Image, current.Version) };
    }

    /// <summary>
    /// Drops the tombstones no one needs any more (docs/bounded-state.md): set by an event at or below
    /// <paramref name="acknowledgedThrough"/>, which every peer has, with a Version older than <paramref name="olderThan"/>.
    /// </summary>
    /// <returns>How many were dropped.</returns>
    public int CollectTombstones(long acknowledgedThrough, DateTimeOffset olderThan)
    {
        long before = olderThan.ToUnixTimeMilliseconds();
        var collected = _items.Where(e => e.Value.IsTombstone && e.Value.Sequence <= acknowledgedThrough && e.Value.Version.Stamp.PhysicalMs < before).ToList();
        foreach (var (key, item) in collected)
        {
            _items.Remove(key);
            Order.Remove(key);
            if (item.Version.Stamp > CollectedThrough) CollectedThrough = item.Version.Stamp;
        }
        return collected.Count;
    }

    /// <summary>
    /// Loads a snapshot into an empty state; the events after it are applied as usual. The lost updates an older
    /// snapshot carries are ignored: the same events are in the journal, which is where the log is read.
    /// </summary>
    public void Restore(PartitionSnapshot snapshot)
    {
        if (_items.Count > 0) throw new InvalidOperationException("A snapshot is loaded into an empty partition only");
        // Sized once: growing by doubling would leave the table up to twice the items, and each old one garbage.
        _items.EnsureCapacity(snapshot.Items.Count);
        foreach (var (key, item) in snapshot.Items)
        {
            clock.Observe(item.Version.Stamp);
            _items[key] = item;
            Order.Add(key);
            if (item.IsTombstone) continue;
            ItemCount++;
            SizeBytes += item.SizeBytes;
        }
        Retention.Restore(snapshot.Marks);
        CollectedThrough = snapshot.CollectedThrough;
        if (snapshot.Indexes is { } indexes) Apply(indexes, snapshot.IndexContents);
    }

    /// <summary>
    /// Lets go of the room the tables grew into while a snapshot and the events after it were loaded: the new
    /// items after a snapshot can double the table once, which a partition would otherwise keep.
    /// </summary>
    public void Recovered()
    {
        _items.TrimExcess();
        Order.TrimExcess();
    }

    public WriteDecision Decide(WriteRequest request, long alongsideBytes = 0) => Decide(request, Find(request.Key), alongsideBytes);

    /// <summary>
    /// Decides writes to one item in order, each on the item as the ones before it leave it, without changing
    /// anything: their events go to the journal as one atomic write, after <paramref name="lastSequence"/>.
    /// </summary>
    public (IReadOnlyList<WriteDecision> Decisions, IReadOnlyList<ItemChanged> Changes) DecideInOrder(IReadOnlyList<WriteRequest> onOneItem, long lastSequence)
    {
        var current = Find(onOneItem[0].Key);
        var decisions = new List<WriteDecision>(onOneItem.Count);
        var changes = new List<ItemChanged>();
        ItemChanged? lastChange = null;
        foreach (var request in onOneItem)
        {
            if (!request.Key.Equals(onOneItem[0].Key)) throw new ArgumentException("Writes to one item only", nameof(onOneItem));
            // The item as the last change leaves it is made only when another write follows: most batches hold one.
            if (lastChange is not null) (current, lastChange) = (StoredItem.Of(lastChange, lastSequence + changes.Count), null);
            var decision = Decide(request, current);
            decisions.Add(decision);
            if (decision.Change is not { } change) continue;
            changes.Add(Linked(change, current));
            lastChange = change;
        }
        return (decisions, changes);
    }

    /// <summary>Decides on the item as <paramref name="current"/> has it: a write made on top of others not yet applied.</summary>
    /// <param name="alongsideBytes">What the writes decided together with this one, and not held, add to its item collection.</param>
    public WriteDecision Decide(WriteRequest request, StoredItem? current, long alongsideBytes = 0)
    {
        // The item as held is decoded only for what reads it: a put without a condition, returned values or indexes
        // decides from the bytes held.
        IReadOnlyDictionary<string, AttributeValue>? old = null;
        bool decoded = current is null;
        IReadOnlyDictionary<string, AttributeValue>? Old()
        {
            if (!decoded) (old, decoded) = (current!.Image, true);
            return old;
        }
        try
        {
            if (request.Condition is not null && !request.Condition.Evaluate(Old()))
                return WriteDecision.Failed(DynamoException.ConditionalCheckFailed(request.ReturnItemOnConditionFailure ? Old() : null));

            IReadOnlyDictionary<string, AttributeValue>? image = request switch
            {
                PutRequest put => put.Item,
                // Removing from an item that does not exist creates nothing, as in DynamoDB.
                UpdateRequest { Update.OnlyRemoves: true } when current is null || current.IsTombstone => null,
                UpdateRequest update => ApplyUpdate(update, Old()),
                DeleteRequest => null,
                // Decided on the item as it is now: one written meanwhile, and no longer expired, stays as it is.
                ExpiryRequest expiry when current is null || !ExpiredItems.DeletesHere(current.Version, Region, expiry.Replicas)
                    || !ExpiredItems.IsExpired(Old(), expiry.Attribute, expiry.At) => Old(),
                ExpiryRequest => null,
                _ => throw new InvalidOperationException(request.GetType().Name),
            };
            if (image is not null)
                foreach (var index in _indexes.Values) index.Definition.CheckKeyTypes(image);
            int oldSize = current?.SizeBytes ?? 0;
            int newSize = ItemSize.Of(image);
            if (newSize > Limits.ItemSizeBytesMax)
                return WriteDecision.Failed(DynamoException.Validation(request is UpdateRequest
                    ? "Item size to update has exceeded the maximum allowed size"
                    : "Item size has exceeded the maximum allowed size"));

            ItemCollectionSize? collection = null;
            if (_collections is not null)
            {
                // Measured from the item as confirmed: the collection's size counts it so, whatever is decided on top.
                long confirmed = ConfirmedShare(request.Key, Find(request.Key)), share = ShareOf(image);
                long size = _collections.SizeOf(request.Key.PartitionKey) + alongsideBytes - confirmed + share;
                if (share > confirmed && size > itemCollectionLimitBytes) return WriteDecision.Failed(DynamoException.ItemCollectionSizeLimitExceeded());
                collection = new ItemCollectionSize(request.Key.PartitionKey, size);
            }
            var indexUnits = _indexes.Count == 0 ? [] : IndexUnits(Old(), image);

            var returned = request.ReturnValues == ReturnValue.NONE ? null : Returned(request, Old(), image);
            // Encoded once: compared with the bytes held, then kept as the item and written by the journal as they are.
            var encoded = image is null ? null : EncodedItem.Of(image);
            image = encoded;
            // A write that changes nothing (a delete of an absent item, a put of the same item, a REMOVE of a
            // missing attribute) is not persisted: no new Version, no stream record, nothing to replicate. The bytes
            // held tell most puts apart without decoding the item.
            bool held = current is { IsTombstone: false };
            bool unchanged = !held || encoded is null
                ? !held && encoded is null
                : ItemImage.SameEncoded(current!.EncodedImage.Span, encoded.Bytes) ?? ItemImage.Same(Old(), encoded);
            if (unchanged) return new WriteDecision(null, returned, oldSize, newSize, null, indexUnits, collection);

            var stamp = clock.Next(current?.Version.Stamp ?? default);
            var version = new Version(stamp, Region);
            var context = (current?.Context ?? VersionVector.Empty).With(version);
            // A local write is made on top of the image here, so it carries that image's lineage.
            var lineage = (current?.DataLineage ?? Lineage.Empty).Then(version, current?.Context ?? VersionVector.Empty);
            return new WriteDecision(new ItemChanged(Table, request.Key, image, version, context, Lineage: lineage, PreviousSequence: current?.Sequence ?? 0,
                    TimeToLiveAttribute: (request as ExpiryRequest)?.Attribute),
                returned, oldSize, newSize, null, indexUnits, collection);
        }
        catch (DynamoException e)
        {
            return WriteDecision.Failed(e);
        }
    }

    /// <summary>What each index is charged for the write; only the indexes charged anything.</summary>
    IReadOnlyList<IndexCapacity> IndexUnits(IReadOnlyDictionary<string, AttributeValue>? old, IReadOnlyDictionary<string, AttributeValue>? image)
    {
        if (_indexes.Count == 0) return [];
        var units = new List<IndexCapacity>();
        foreach (var index in _indexes.Values)
            if (IndexWriteCost.Of(index.Definition, index.TableKeys, old, image) is > 0 and var cost)
                units.Add(new IndexCapacity(index.Definition.Name, index.Definition.IsGlobal, cost));
        return units;
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

    /// <summary>
    /// Folds in an event of a <see cref="ReplicatedBatch"/> once the journal has it. A LostUpdate changes no state:
    /// the journal keeps it, and the log is read from there.
    /// </summary>
    public void ApplyReplicated(object @event, long sequence)
    {
        switch (@event)
        {
            case ItemChanged change: Apply(change, sequence); break;
            case LostUpdate: break;
            default: throw new ArgumentException($"Not an event of a replicated batch: {@event.GetType().Name}", nameof(@event));
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
        long previousShare = _collections is null ? 0 : ConfirmedShare(change.Key, previous);
        var stored = StoredItem.Of(change, sequence);
        _items[change.Key] = stored;
        _reached.Clear();
        foreach (var index in _indexes.Values)
            if (index.Set(change.Key, change.NewImage)) _reached.Add(index.Definition.Name);
        if (_collections is not null)
        {
            _collections.Add(change.Key.PartitionKey, ConfirmedShare(change.Key, stored) - previousShare);
            _collections.Release(change.Key, change.Version);
        }
        if (previous is null) Order.Add(change.Key);
        if (!stored.IsTombstone)
        {
            ItemCount++;
            SizeBytes += stored.SizeBytes;
        }
    }
}
