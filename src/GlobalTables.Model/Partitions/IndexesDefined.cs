using GlobalTables.Model.Indexes;
using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// A partition event: the table's secondary indexes are now these. The partition keeps their entries for its own items
/// from then on, and builds a new index's entries from the items it holds (docs/indexes.md).
/// </summary>
/// <param name="TableKeys">The table's key schema, which every index projects.</param>
public sealed record IndexesDefined(KeySchema TableKeys, IReadOnlyList<SecondaryIndexDefinition> Indexes)
{
    /// <summary>True when the two define the same indexes, in the same states.</summary>
    public bool Same(IndexesDefined other) => TableKeys == other.TableKeys && Indexes.SequenceEqual(other.Indexes);
}
