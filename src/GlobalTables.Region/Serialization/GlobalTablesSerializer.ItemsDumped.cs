using GlobalTables.Model.Items;
using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Serialization;

/// <summary>
/// A partition's items sent to an asker on another node of the region (id1): its sequence number, then each item in a
/// snapshot's form (ps3). A stored item keeps its image as bytes, which Newtonsoft could not reach.
/// </summary>
public sealed partial class GlobalTablesSerializer
{
    static byte[] WriteItemsDumped(ItemsDumped dumped)
    {
        // Not this thread's reused buffer: a dump holds a whole partition.
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8);
        w.Write7BitEncodedInt64(dumped.Sequence);
        w.Write7BitEncodedInt(dumped.Items.Count);
        foreach (var (key, item) in dumped.Items) WriteStoredItem(w, key, item);
        w.Flush();
        return stream.ToArray();
    }

    static ItemsDumped ReadItemsDumped(byte[] bytes)
    {
        using var r = Reader(bytes);
        long sequence = r.Read7BitEncodedInt64();
        var items = new (ItemKey, StoredItem)[r.Read7BitEncodedInt()];
        for (int i = 0; i < items.Length; i++)
        {
            var (key, item) = ReadStoredItem(r, bytes);
            items[i] = (key, item);
        }
        return new ItemsDumped(items, sequence);
    }
}
