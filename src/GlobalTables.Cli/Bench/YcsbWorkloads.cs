namespace GlobalTables.Cli.Bench;

/// <summary>
/// The workloads by name: the YCSB core mixes A to F, put-only, get-only, query and gsi-query, the
/// replication workloads, the GSI scenarios, the two floors and stream-read. Proportions follow YCSB's workloads/workload[a-f] files.
/// </summary>
public static class YcsbWorkloads
{
    public const int ScanLengthMax = 100;

    public static readonly Workload A = Mix("ycsb-a", (Operation.Read, 0.5), (Operation.Update, 0.5));
    public static readonly Workload B = Mix("ycsb-b", (Operation.Read, 0.95), (Operation.Update, 0.05));
    public static readonly Workload C = Mix("ycsb-c", (Operation.Read, 1.0));
    public static readonly Workload D = Mix("ycsb-d", (Operation.Read, 0.95), (Operation.Insert, 0.05)) with { ReadsLatest = true };
    public static readonly Workload E = Mix("ycsb-e", (Operation.Scan, 0.95), (Operation.Insert, 0.05)) with { ScanLengthMax = ScanLengthMax };
    public static readonly Workload F = Mix("ycsb-f", (Operation.Read, 0.5), (Operation.ReadModifyWrite, 0.5));
    public static readonly Workload PutOnly = Mix("put-only", (Operation.Put, 1.0)) with { NeedsLoad = false };
    public static readonly Workload GetOnly = Mix("get-only", (Operation.Read, 1.0));
    public static readonly Workload Query = Mix("query", (Operation.Query, 1.0));
    public static readonly Workload GsiQuery = Mix("gsi-query", (Operation.IndexQuery, 1.0)) with { ReadsIndex = true };
    public static readonly Workload Replication = new("replication", WorkloadKind.Replication, [new(Operation.ReplicatedPut, 1.0)], NeedsLoad: false);
    public static readonly Workload ReplicaFill = new("replica-fill", WorkloadKind.ReplicaFill, [new(Operation.Put, 1.0)], NeedsLoad: true);
    public static readonly Workload CatchUp = new("catch-up", WorkloadKind.CatchUp, [new(Operation.Put, 1.0)], NeedsLoad: false);
    public static readonly Workload ReplicationLag = new("replication-lag", WorkloadKind.ReplicationLag, [new(Operation.Put, 1.0)], NeedsLoad: false);
    public static readonly Workload GsiBackfill = new("gsi-backfill", WorkloadKind.GsiBackfill, [new(Operation.Put, 1.0)], NeedsLoad: true);
    public static readonly Workload GsiLag = new("gsi-lag", WorkloadKind.GsiLag, [new(Operation.Put, 1.0)], NeedsLoad: false, ReadsIndex: true);
    public static readonly Workload TimeToLive = new("ttl-delete", WorkloadKind.TimeToLive, [new(Operation.Put, 1.0)], NeedsLoad: true);
    public static readonly Workload FloorSqlite = new("floor-sqlite", WorkloadKind.FloorSqlite, [new(Operation.SqliteInsertBatch, 1.0)], NeedsLoad: false, WorkersMax: 1);
    public static readonly Workload FloorKestrel = new("floor-kestrel", WorkloadKind.FloorKestrel, [new(Operation.Read, 1.0)], NeedsLoad: false);

    public static readonly Workload StreamRead = new("stream-read", WorkloadKind.StreamRead, [new(Operation.GetRecords, 1.0)], NeedsLoad: false, WorkersMax: 1);

    public static readonly IReadOnlyList<Workload> All = [A, B, C, D, E, F, PutOnly, GetOnly, Query, GsiQuery, Replication, ReplicaFill, CatchUp, ReplicationLag, GsiBackfill, GsiLag, TimeToLive, FloorSqlite, FloorKestrel, StreamRead];

    /// <summary>The single-region workloads that compare.sh runs against every system.</summary>
    public static readonly IReadOnlyList<Workload> Comparable = [A, B, C, D, E, F, PutOnly, GetOnly];

    public static string Names => string.Join(", ", All.Select(w => w.Name));

    /// <summary>Finds a workload by name; "a" and "A" also mean "ycsb-a".</summary>
    public static Workload? Find(string name)
    {
        var trimmed = name.Trim().ToLowerInvariant();
        if (trimmed.Length == 1) trimmed = "ycsb-" + trimmed;
        return All.FirstOrDefault(w => w.Name == trimmed);
    }

    private static Workload Mix(string name, params (Operation Operation, double Weight)[] mix)
        => new(name, WorkloadKind.Mix, mix.Select(m => new OperationWeight(m.Operation, m.Weight)).ToList(), NeedsLoad: true);
}
