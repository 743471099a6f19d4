using GlobalTables.Model.Items;
using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Partitions;

/// <summary>
/// A peer's batch of changes as the apply rule resolved it: one outcome per change, and the events to persist
/// in order (<see cref="ItemChanged"/>, each followed by the <see cref="LostUpdate"/> it made, if any).
/// </summary>
/// <param name="Keys">The keys the events change.</param>
public sealed record ReplicatedBatch(IReadOnlyList<ApplyOutcome> Outcomes, IReadOnlyList<object> Events, IReadOnlyCollection<ItemKey> Keys);
