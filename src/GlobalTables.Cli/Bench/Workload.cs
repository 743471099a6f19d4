namespace GlobalTables.Cli.Bench;

public enum WorkloadKind
{
    /// <summary>Runs a mix of DynamoDB operations against a loaded table.</summary>
    Mix,
    /// <summary>Writes in one region and times the arrival in the others.</summary>
    Replication,
    /// <summary>Adds a replica to a loaded table under writes and times the fill (a scenario, not a mix).</summary>
    ReplicaFill,
    /// <summary>Isolates a replica under writes, heals it and times the drain of the backlog (a scenario).</summary>
    CatchUp,
    /// <summary>A steady writer into a global table; the link's ReplicationLatency read while it runs.</summary>
    ReplicationLag,
    /// <summary>Creates a GSI with UpdateTable on a loaded table under writes and times its backfill (a scenario).</summary>
    GsiBackfill,
    /// <summary>A steady writer into a table with a GSI; the index's lag read while it runs (a scenario).</summary>
    GsiLag,
    /// <summary>Loads items already expired, enables time to live and times their deletion (a scenario).</summary>
    TimeToLive,
    /// <summary>Raw Microsoft.Data.Sqlite inserts: no endpoint.</summary>
    FloorSqlite,
    /// <summary>The DynamoDB client against an in-process Kestrel that only answers 200.</summary>
    FloorKestrel,
    /// <summary>One reader pages through a table's stream with GetRecords.</summary>
    StreamRead,
}

public sealed record OperationWeight(Operation Operation, double Weight);

/// <summary>
/// A named workload: which operations, in what proportion, and how keys are chosen.
/// </summary>
public sealed record Workload(
    string Name,
    WorkloadKind Kind,
    IReadOnlyList<OperationWeight> Mix,
    bool NeedsLoad,
    bool ReadsLatest = false,
    int ScanLengthMax = 0,
    int WorkersMax = int.MaxValue,
    bool ReadsIndex = false)
{
    /// <summary>Sets up, times and checks itself rather than running closed-loop workers.</summary>
    public bool IsScenario => Kind is WorkloadKind.ReplicaFill or WorkloadKind.CatchUp or WorkloadKind.ReplicationLag or WorkloadKind.GsiBackfill or WorkloadKind.GsiLag
        or WorkloadKind.TimeToLive;

    public Operation NextOperation(Random random)
    {
        if (Mix.Count == 1) return Mix[0].Operation;
        var total = 0.0;
        foreach (var weight in Mix) total += weight.Weight;
        var pick = random.NextDouble() * total;
        foreach (var weight in Mix)
        {
            pick -= weight.Weight;
            if (pick < 0) return weight.Operation;
        }
        return Mix[^1].Operation;
    }

    public IEnumerable<Operation> Operations => Mix.Select(m => m.Operation);
}
