using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Region.Serialization;

namespace GlobalTables.Region.Replication;

/// <summary>
/// One journal row of a table's tag, for the backstop: its ordering, the change's key and Version (all the link
/// needs to skip what a push delivered), and the change in its journal form, which goes to the peer as it is.
/// </summary>
public sealed class JournalChange(long ordering, ItemKey key, Version version, byte[] encoded)
{
    ItemChanged? _change;

    public long Ordering => ordering;
    public ItemKey Key => key;
    public Version Version => version;
    public byte[] Encoded => encoded;

    /// <summary>The whole change, decoded on first use.</summary>
    public ItemChanged Change => _change ??= GlobalTablesSerializer.DecodeChange(encoded);
}
