namespace GlobalTables.Model.Indexes;

/// <summary>
/// One index's entries in a partition, in index order, each with its projected size: what a snapshot keeps so that a
/// restart loads the index instead of building it again from the items.
/// </summary>
public sealed record IndexContents(string Name, IReadOnlyList<(IndexEntry Entry, int Size)> Entries);
