using System.Text;
using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Items;

/// <summary>The primary key of one item.</summary>
public readonly record struct ItemKey(AttributeValue PartitionKey, AttributeValue? SortKey)
{
    /// <summary>Which of the table's partitions owns this key: a stable hash of the partition key's bytes.</summary>
    public int PartitionOf(int partitionCount)
    {
        var bytes = PartitionKey.Type switch
        {
            AttributeType.S => Encoding.UTF8.GetBytes(PartitionKey.S),
            AttributeType.N => Encoding.UTF8.GetBytes(PartitionKey.N.ToString()),
            AttributeType.B => PartitionKey.B,
            _ => throw new InvalidOperationException("Key must be S, N or B"),
        };
        // FNV-1a: stable across processes and machines, unlike string.GetHashCode.
        uint hash = 2166136261;
        foreach (var b in bytes) { hash ^= b; hash *= 16777619; }
        return (int)(hash % (uint)partitionCount);
    }

    public bool Equals(ItemKey other) =>
        PartitionKey.Equals(other.PartitionKey) && Equals(SortKey, other.SortKey);

    public override int GetHashCode() => HashCode.Combine(PartitionKey, SortKey);
}
