namespace GlobalTables.Model.Replication;

/// <summary>What the apply rule did with an incoming change. Values are persisted: append only.</summary>
public enum ApplyOutcome : byte
{
    /// <summary>The incoming write had seen the current one: a normal overwrite.</summary>
    Overwrite = 1,
    /// <summary>The current state had already absorbed the incoming write: dropped.</summary>
    Stale = 2,
    /// <summary>Concurrent, and the incoming write has the higher Version.</summary>
    ConcurrentIncomingWon = 3,
    /// <summary>Concurrent, and the current write has the higher Version.</summary>
    ConcurrentCurrentWon = 4,
}
