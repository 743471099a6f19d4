using GlobalTables.Model.Queries;

namespace GlobalTables.Region.Partitions;

/// <summary>Reads one partition's part of a Query or Scan page after every write already accepted; replies <see cref="PartitionPage"/>.</summary>
public sealed record ReadPage(PageRequest Request);
