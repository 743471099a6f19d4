using System.Collections.Immutable;
using System.Text;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// The binary forms of the two messages that carry items: <see cref="ItemChanged"/> in the journal (ic3) and
/// <see cref="ReplicateBatch"/> on the wire (rb4, its changes in ic3's form). Every write and every replicated
/// change passes through them several times (journal, wire, journal again, stream reads), so they are written
/// with <see cref="BinaryWriter"/> into a reused per-thread buffer and read without building a document first.
/// </summary>
public sealed partial class GlobalTablesSerializer
{
    [Flags]
    enum ChangeParts : byte
    {
        SortKey = 1,
        Image = 2,
        WriteContext = 4,
        ReplicatedFrom = 8,
        Lineage = 16,
        // ic3 with its prior image carried whole, at the end; older ic3 rows never have it.
        Prior = 32,
        PriorImage = 64,
        // A time to live delete's attribute, at the very end; rows written before time to live deleted never have it.
        TimeToLive = 128,
    }

    [Flags]
    enum BatchParts : byte
    {
        UpTo = 1,
        Fill = 2,
        CaughtUp = 4,
    }

    [ThreadStatic] static BinaryWriter? _writer;

    /// <summary>A thread keeps a buffer up to this size; one grown past it by a rare huge message is let go.</summary>
    const int RetainedBufferMax = 2 * 1024 * 1024;

    /// <summary>This thread's writer, emptied; its buffer is kept, so a large batch does not grow a new one each time.</summary>
    static BinaryWriter Writer()
    {
        if (_writer?.BaseStream is MemoryStream { Capacity: > RetainedBufferMax }) _writer = null;
        _writer ??= new BinaryWriter(new MemoryStream(4096), Encoding.UTF8, leaveOpen: false);
        _writer.BaseStream.SetLength(0);
        return _writer;
    }

    static byte[] Written(BinaryWriter w)
    {
        w.Flush();
        var stream = (MemoryStream)w.BaseStream;
        return stream.GetBuffer().AsSpan(0, (int)stream.Length).ToArray();
    }

    // Its buffer visible, so that attribute values are read in place (AttributeValueBinary.ReadItem).
    static BinaryReader Reader(byte[] bytes) => new(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true), Encoding.UTF8);

    static byte[] WriteItemChanged(ItemChanged change)
    {
        var w = Writer();
        WriteChange(w, change);
        return Written(w);
    }

    static ItemChanged ReadItemChanged(byte[] bytes)
    {
        using var r = Reader(bytes);
        return ReadChange(r);
    }

    static byte[] WriteReplicateBatch(ReplicateBatch batch)
    {
        var w = Writer();
        var parts = (batch.UpTo is null ? 0 : BatchParts.UpTo) | (batch.FillProgress is null ? 0 : BatchParts.Fill)
            | (batch.CaughtUpTicks is null ? 0 : BatchParts.CaughtUp);
        w.Write((byte)parts);
        w.Write(batch.SourceRegion);
        w.Write(batch.SourceTag);
        w.Write(batch.Table);
        if (batch.UpTo is { } upTo)
        {
            w.Write7BitEncodedInt(upTo.Count);
            foreach (var (partition, sequence) in upTo)
            {
                w.Write7BitEncodedInt(partition);
                w.Write7BitEncodedInt64(sequence);
            }
        }
        if (batch.FillProgress is { } fill)
        {
            w.Write7BitEncodedInt64(fill.Sent);
            w.Write7BitEncodedInt64(fill.Total);
        }
        if (batch.CaughtUpTicks is { } caughtUp) w.Write7BitEncodedInt64(caughtUp);
        w.Write7BitEncodedInt(batch.Changes.Count);
        foreach (var change in batch.Changes) WriteChange(w, change);
        return Written(w);
    }

    static ReplicateBatch ReadReplicateBatch(byte[] bytes)
    {
        using var r = Reader(bytes);
        var parts = (BatchParts)r.ReadByte();
        var source = r.ReadString();
        var tag = r.ReadString();
        var table = r.ReadString();
        Dictionary<int, long>? upTo = null;
        if (parts.HasFlag(BatchParts.UpTo))
        {
            int count = r.Read7BitEncodedInt();
            upTo = new Dictionary<int, long>(count);
            for (int i = 0; i < count; i++) upTo[r.Read7BitEncodedInt()] = r.Read7BitEncodedInt64();
        }
        (long, long)? fill = parts.HasFlag(BatchParts.Fill) ? (r.Read7BitEncodedInt64(), r.Read7BitEncodedInt64()) : null;
        long? caughtUp = parts.HasFlag(BatchParts.CaughtUp) ? r.Read7BitEncodedInt64() : null;
        var changes = new ItemChanged[r.Read7BitEncodedInt()];
        for (int i = 0; i < changes.Length; i++) changes[i] = ReadChange(r);
        return new ReplicateBatch(source, tag, table, changes, upTo, fill, caughtUp);
    }

    static void WriteChange(BinaryWriter w, ItemChanged e)
    {
        var parts = (e.Key.SortKey is null ? 0 : ChangeParts.SortKey)
            | (e.NewImage is null ? 0 : ChangeParts.Image)
            | (e.WriteContext is null ? 0 : ChangeParts.WriteContext)
            | (e.ReplicatedFrom is null ? 0 : ChangeParts.ReplicatedFrom)
            | (e.Lineage is null ? 0 : ChangeParts.Lineage)
            | (e.Prior is null ? 0 : ChangeParts.Prior)
            | (e.Prior?.Image is null ? 0 : ChangeParts.PriorImage)
            | (e.TimeToLiveAttribute is null ? 0 : ChangeParts.TimeToLive);
        w.Write((byte)parts);
        w.Write(e.Table);
        AttributeValueBinary.Write(w, e.Key.PartitionKey);
        if (e.Key.SortKey is { } sortKey) AttributeValueBinary.Write(w, sortKey);
        // Key and Version come first, so a reader that needs only them stops before the image (ReadChangeHead).
        WriteVersion(w, e.Version);
        if (e.NewImage is { } image) AttributeValueBinary.WriteItem(w, image);
        WriteVector(w, e.Context);
        if (e.WriteContext is { } writeContext) WriteVector(w, writeContext);
        if (e.ReplicatedFrom is { } from) w.Write(from);
        if (e.Lineage is { } lineage) WriteLineage(w, lineage);
        w.Write7BitEncodedInt64(e.PreviousSequence);
        if (e.Prior is { } prior)
        {
            WriteVersion(w, prior.Version);
            if (prior.Image is { } priorImage) AttributeValueBinary.WriteItem(w, priorImage);
        }
        if (e.TimeToLiveAttribute is { } expiredBy) w.Write(expiredBy);
    }

    static ItemChanged ReadChange(BinaryReader r)
    {
        var (parts, table, key, version) = ReadHead(r);
        var image = parts.HasFlag(ChangeParts.Image) ? AttributeValueBinary.ReadItem(r) : null;
        var context = ReadVector(r);
        var writeContext = parts.HasFlag(ChangeParts.WriteContext) ? ReadVector(r) : null;
        var from = parts.HasFlag(ChangeParts.ReplicatedFrom) ? r.ReadString() : null;
        var lineage = parts.HasFlag(ChangeParts.Lineage) ? ReadLineage(r) : null;
        long previous = r.Read7BitEncodedInt64();
        PriorImage? prior = null;
        if (parts.HasFlag(ChangeParts.Prior))
        {
            var priorVersion = ReadVersion(r);
            prior = new PriorImage(parts.HasFlag(ChangeParts.PriorImage) ? AttributeValueBinary.ReadItem(r) : null, priorVersion);
        }
        var expiredBy = parts.HasFlag(ChangeParts.TimeToLive) ? r.ReadString() : null;
        return new ItemChanged(table, key, image, version, context, writeContext, from, lineage, previous, prior, expiredBy);
    }

    static void WriteLineage(BinaryWriter w, Lineage lineage)
    {
        WriteVector(w, lineage.Base);
        w.Write7BitEncodedInt(lineage.Holes.Count);
        foreach (var hole in lineage.Holes)
        {
            w.Write(hole.Region);
            WriteStamp(w, hole.After);
            WriteStamp(w, hole.UpTo);
        }
    }

    static Lineage ReadLineage(BinaryReader r)
    {
        var @base = ReadVector(r);
        var holes = ImmutableList.CreateBuilder<Lineage.Hole>();
        for (int i = r.Read7BitEncodedInt(); i > 0; i--) holes.Add(new Lineage.Hole(r.ReadString(), ReadStamp(r), ReadStamp(r)));
        return new Lineage(@base, holes.ToImmutable());
    }

    static (ChangeParts Parts, string Table, ItemKey Key, Version Version) ReadHead(BinaryReader r)
    {
        var parts = (ChangeParts)r.ReadByte();
        var table = r.ReadString();
        var partitionKey = AttributeValueBinary.Read(r);
        var key = new ItemKey(partitionKey, parts.HasFlag(ChangeParts.SortKey) ? AttributeValueBinary.Read(r) : null);
        return (parts, table, key, ReadVersion(r));
    }

    /// <summary>A change in its journal form (ic3), for other serializers that carry one (messages between a region's nodes).</summary>
    internal static byte[] EncodeChange(ItemChanged change) => WriteItemChanged(change);

    internal static ItemChanged DecodeChange(byte[] encoded) => ReadItemChanged(encoded);

    static void WriteStamp(BinaryWriter w, HlcStamp stamp)
    {
        w.Write7BitEncodedInt64(stamp.PhysicalMs);
        w.Write7BitEncodedInt(stamp.Logical);
    }

    static HlcStamp ReadStamp(BinaryReader r) => new(r.Read7BitEncodedInt64(), r.Read7BitEncodedInt());

    static void WriteVersion(BinaryWriter w, Version version)
    {
        WriteStamp(w, version.Stamp);
        w.Write(version.Region);
    }

    static Version ReadVersion(BinaryReader r)
    {
        var stamp = ReadStamp(r);
        return new Version(stamp, r.ReadString());
    }

    static void WriteVector(BinaryWriter w, VersionVector vector)
    {
        w.Write7BitEncodedInt(vector.Entries.Count);
        foreach (var (region, stamp) in vector.Entries)
        {
            w.Write(region);
            WriteStamp(w, stamp);
        }
    }

    static VersionVector ReadVector(BinaryReader r)
    {
        int count = r.Read7BitEncodedInt();
        if (count == 0) return VersionVector.Empty;
        var entries = new KeyValuePair<string, HlcStamp>[count];
        for (int i = 0; i < count; i++) entries[i] = KeyValuePair.Create(r.ReadString(), ReadStamp(r));
        return VersionVector.From(entries);
    }
}
