using GlobalTables.Model.Items;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// One item's place in a secondary index: its key in the index, then its key in the table, which tells apart the
/// items that share an index key. A page of an index resumes after one.
/// </summary>
public readonly record struct IndexEntry(ItemKey IndexKey, ItemKey TableKey);
