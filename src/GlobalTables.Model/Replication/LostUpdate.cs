using GlobalTables.Model.Items;

namespace GlobalTables.Model.Replication;

/// <summary>
/// A write that last-writer-wins discarded: it was concurrent with the winner, and lower.
/// DynamoDB drops these silently; GlobalTables records each one.
/// </summary>
public sealed record LostUpdate(
    string Table,
    ItemKey Key,
    WriteRecord Winner,
    WriteRecord Loser,
    string DetectedIn,
    DateTimeOffset DetectedAt);
