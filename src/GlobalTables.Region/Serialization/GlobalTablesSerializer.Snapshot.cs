using GlobalTables.Model.Attributes;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Transactions;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// A partition's snapshot (ps3), binary like ic3 and written with its primitives and part flags: the table; each
/// item with its key, Version, image, Context, write Context when it differs, lineage when set, and the sequence
/// number of its event; the lost-update log (each as lu1); the prepared transactions (each in its own serializer's form, named);
/// then the retention marks (sequence number, time in UTC ticks) and the highest Version stamp of a collected tombstone.
/// then the secondary indexes as last defined, in ix1's form, or an empty block when never defined; then each index's
/// entries in index order (its name, their count, and per entry the table key, the index key and the projected size).
/// ps2 is the same without the last part, and ps1 without the last three.
/// </summary>
public sealed partial class GlobalTablesSerializer
{
    /// <summary>How far a snapshot's format goes: each version appends to the one before.</summary>
    enum SnapshotParts { Items, Retention, Indexes }

    byte[] WritePartitionSnapshot(PartitionSnapshot snapshot)
    {
        // Not this thread's reused buffer: a partition's snapshot is large and rare.
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8);
        w.Write(snapshot.Table);
        w.Write7BitEncodedInt(snapshot.Items.Count);
        foreach (var (key, item) in snapshot.Items) WriteStoredItem(w, key, item);
        w.Write7BitEncodedInt(snapshot.LostUpdates.Count);
        foreach (var lost in snapshot.LostUpdates) WriteBlock(w, ToBinary(lost));
        w.Write7BitEncodedInt(snapshot.Prepared.Count);
        foreach (var prepared in snapshot.Prepared)
        {
            var serializer = system.Serialization.FindSerializerFor(prepared);
            w.Write7BitEncodedInt(serializer.Identifier);
            w.Write(Akka.Serialization.Serialization.ManifestFor(serializer, prepared));
            WriteBlock(w, serializer.ToBinary(prepared));
        }
        w.Write7BitEncodedInt(snapshot.Marks.Count);
        foreach (var mark in snapshot.Marks)
        {
            w.Write7BitEncodedInt64(mark.Sequence);
            w.Write7BitEncodedInt64(mark.At.UtcTicks);
        }
        WriteStamp(w, snapshot.CollectedThrough);
        WriteBlock(w, snapshot.Indexes is { } indexes ? ToBinary(indexes) : []);
        w.Write7BitEncodedInt(snapshot.IndexContents?.Count ?? 0);
        foreach (var contents in snapshot.IndexContents ?? [])
        {
            w.Write(contents.Name);
            w.Write7BitEncodedInt(contents.Entries.Count);
            foreach (var (entry, size) in contents.Entries)
            {
                WriteKey(w, entry.TableKey);
                WriteKey(w, entry.IndexKey);
                w.Write7BitEncodedInt(size);
            }
        }
        w.Flush();
        return stream.ToArray();
    }

    PartitionSnapshot ReadPartitionSnapshot(byte[] bytes, SnapshotParts parts)
    {
        using var r = Reader(bytes);
        var table = r.ReadString();
        var items = new KeyValuePair<ItemKey, StoredItem>[r.Read7BitEncodedInt()];
        for (int i = 0; i < items.Length; i++) items[i] = ReadStoredItem(r, bytes);
        var lost = new LostUpdate[r.Read7BitEncodedInt()];
        for (int i = 0; i < lost.Length; i++) lost[i] = (LostUpdate)FromBinary(ReadBlock(r), LostUpdateManifest);
        var prepared = new TransactionPrepared[r.Read7BitEncodedInt()];
        for (int i = 0; i < prepared.Length; i++)
        {
            int serializer = r.Read7BitEncodedInt();
            var manifest = r.ReadString();
            prepared[i] = (TransactionPrepared)system.Serialization.Deserialize(ReadBlock(r), serializer, manifest);
        }
        if (parts == SnapshotParts.Items) return new PartitionSnapshot(table, items, lost, prepared, [], default);
        var marks = new RetentionMark[r.Read7BitEncodedInt()];
        for (int i = 0; i < marks.Length; i++) marks[i] = new RetentionMark(r.Read7BitEncodedInt64(), new DateTimeOffset(r.Read7BitEncodedInt64(), TimeSpan.Zero));
        var collected = ReadStamp(r);
        if (parts == SnapshotParts.Retention) return new PartitionSnapshot(table, items, lost, prepared, marks, collected);
        var indexes = ReadBlock(r);
        var contents = new IndexContents[r.Read7BitEncodedInt()];
        for (int i = 0; i < contents.Length; i++)
        {
            var name = r.ReadString();
            var entries = new (IndexEntry, int)[r.Read7BitEncodedInt()];
            for (int e = 0; e < entries.Length; e++)
            {
                var tableKey = ReadKey(r);
                entries[e] = (new IndexEntry(ReadKey(r), tableKey), r.Read7BitEncodedInt());
            }
            contents[i] = new IndexContents(name, entries);
        }
        return new PartitionSnapshot(table, items, lost, prepared, marks, collected,
            indexes.Length == 0 ? null : (IndexesDefined)FromBinary(indexes, IndexesDefinedManifest), indexes.Length == 0 ? null : contents);
    }

    static void WriteStoredItem(BinaryWriter w, ItemKey key, StoredItem item)
    {
        bool ownWriteContext = !item.WriteContext.Equals(item.Context);
        var parts = (key.SortKey is null ? 0 : ChangeParts.SortKey)
            | (item.IsTombstone ? 0 : ChangeParts.Image)
            | (ownWriteContext ? ChangeParts.WriteContext : 0)
            | (item.Lineage is null ? 0 : ChangeParts.Lineage)
            | (item.TimeToLiveAttribute is null ? 0 : ChangeParts.TimeToLive);
        w.Write((byte)parts);
        AttributeValueBinary.Write(w, key.PartitionKey);
        if (key.SortKey is { } sortKey) AttributeValueBinary.Write(w, sortKey);
        WriteVersion(w, item.Version);
        // The item holds its image in AttributeValueBinary's item form, which is ps1's.
        if (!item.IsTombstone) w.Write(item.EncodedImage.Span);
        WriteVector(w, item.Context);
        if (ownWriteContext) WriteVector(w, item.WriteContext);
        if (item.Lineage is { } lineage) WriteLineage(w, lineage);
        w.Write7BitEncodedInt64(item.Sequence);
        if (item.TimeToLiveAttribute is { } expiredBy) w.Write(expiredBy);
    }

    /// <param name="bytes">The snapshot <paramref name="r"/> reads from its start, whose image bytes the item keeps as they are.</param>
    static KeyValuePair<ItemKey, StoredItem> ReadStoredItem(BinaryReader r, byte[] bytes)
    {
        var parts = (ChangeParts)r.ReadByte();
        var partitionKey = AttributeValueBinary.Read(r);
        var key = new ItemKey(partitionKey, parts.HasFlag(ChangeParts.SortKey) ? AttributeValueBinary.Read(r) : null);
        var version = ReadVersion(r);
        int imageStart = (int)r.BaseStream.Position;
        // Read whole for its size, then let go: the item keeps the bytes.
        int size = parts.HasFlag(ChangeParts.Image) ? ItemSize.Of(AttributeValueBinary.ReadItem(r)) : 0;
        var image = parts.HasFlag(ChangeParts.Image) ? bytes[imageStart..(int)r.BaseStream.Position] : null;
        var context = ReadVector(r);
        var writeContext = parts.HasFlag(ChangeParts.WriteContext) ? ReadVector(r) : context;
        var lineage = parts.HasFlag(ChangeParts.Lineage) ? ReadLineage(r) : null;
        long sequence = r.Read7BitEncodedInt64();
        var expiredBy = parts.HasFlag(ChangeParts.TimeToLive) ? r.ReadString() : null;
        var item = new StoredItem(image, version, context, size, writeContext, lineage, sequence, expiredBy);
        return KeyValuePair.Create(key, item);
    }

    /// <summary>A key: whether it has a sort key, then its values.</summary>
    static void WriteKey(BinaryWriter w, ItemKey key)
    {
        w.Write(key.SortKey is not null);
        AttributeValueBinary.Write(w, key.PartitionKey);
        if (key.SortKey is { } sortKey) AttributeValueBinary.Write(w, sortKey);
    }

    static ItemKey ReadKey(BinaryReader r)
    {
        bool sorted = r.ReadBoolean();
        var partitionKey = AttributeValueBinary.Read(r);
        return new ItemKey(partitionKey, sorted ? AttributeValueBinary.Read(r) : null);
    }

    static void WriteBlock(BinaryWriter w, byte[] block)
    {
        w.Write7BitEncodedInt(block.Length);
        w.Write(block);
    }

    static byte[] ReadBlock(BinaryReader r) => r.ReadBytes(r.Read7BitEncodedInt());
}
