using System.Collections;
using GlobalTables.Model.Partitions;
using GlobalTables.Region.Serialization;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Changes as the journal holds them (ic3), for a replication batch: the batch's wire form (rb3) carries these bytes
/// as they are, so the backstop neither decodes a row nor encodes it again. Decoded only if read in this process.
/// </summary>
public sealed class EncodedChanges(IReadOnlyList<byte[]> rows) : IReadOnlyList<ItemChanged>
{
    ItemChanged?[]? _decoded;

    public IReadOnlyList<byte[]> Rows => rows;

    public int Count => rows.Count;

    public ItemChanged this[int index]
    {
        get
        {
            _decoded ??= new ItemChanged?[rows.Count];
            return _decoded[index] ??= GlobalTablesSerializer.DecodeChange(rows[index]);
        }
    }

    public IEnumerator<ItemChanged> GetEnumerator()
    {
        for (int i = 0; i < rows.Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
