using Amazon.DynamoDBv2;

namespace GlobalTables.Cli.Bench;

/// <summary>A replica region the replication workload polls.</summary>
public sealed record ReplicaEndpoint(string Region, string Endpoint);

/// <summary>Everything one bench invocation needs, validated. Built from the command line by <see cref="BenchCommand"/>.</summary>
public sealed record BenchOptions
{
    public const int RecordsDefault = 10_000;
    public const int ConcurrencyDefault = 16;
    public const int ItemSizeBytesDefault = 1_000;
    public const int ItemSizeBytesMax = 350_000;
    public const int ConcurrencyMax = 4_096;
    public static readonly TimeSpan DurationDefault = TimeSpan.FromSeconds(10);

    public string Endpoint { get; init; } = "http://127.0.0.1:8001";
    public string Region { get; init; } = "us-east-1";
    public string Table { get; init; } = "bench";
    public IReadOnlyList<Workload> Workloads { get; init; } = [YcsbWorkloads.A];
    public long Records { get; init; } = RecordsDefault;

    /// <summary>Stop after this many operations; if null, after <see cref="Duration"/>.</summary>
    public long? Ops { get; init; }

    public TimeSpan Duration { get; init; } = DurationDefault;
    public int Concurrency { get; init; } = ConcurrencyDefault;
    public int ItemSizeBytes { get; init; } = ItemSizeBytesDefault;
    public KeyDistribution Distribution { get; init; } = KeyDistribution.Zipfian;
    public int Seed { get; init; } = 1;

    /// <summary>How many times each workload runs, each on a fresh table with the same seed.</summary>
    public int Runs { get; init; } = 1;

    /// <summary>
    /// Set the table up (drop, create, load) once: a workload's later runs, and later mix workloads,
    /// use the table as the earlier ones left it. Saves time (--quick), at the cost of identical starts.
    /// </summary>
    public bool ReuseTable { get; init; }

    /// <summary>Names the system under test in the JSON, e.g. "dynalite".</summary>
    public string Label { get; init; } = "";

    public string? JsonPath { get; init; }
    public IReadOnlyList<ReplicaEndpoint> Replicas { get; init; } = [];
    public bool ShowProgress { get; init; } = true;

    /// <summary>The front door of a running <c>up</c>, whose /_admin routes isolate and heal regions (catch-up).</summary>
    public string Admin { get; init; } = "http://127.0.0.1:8000";

    /// <summary>Writes a second of the replication scenarios' steady writer; null takes each scenario's default.</summary>
    public double? Rate { get; init; }

    /// <summary>How long catch-up keeps the replica isolated.</summary>
    public TimeSpan Isolation { get; init; } = IsolationDefault;

    /// <summary>Items per request of the steady writer: 1 sends PutItem, more send BatchWriteItem.</summary>
    public int WriteBatch { get; init; } = 1;

    public static readonly TimeSpan IsolationDefault = TimeSpan.FromSeconds(60);

    /// <summary>GSIs of the table the bench creates (<see cref="BenchIndexes"/>); gsi-query and gsi-lag have at least one.</summary>
    public int GlobalSecondaryIndexes { get; init; }

    public ProjectionType GlobalSecondaryIndexProjection { get; init; } = ProjectionType.ALL;

    public const int GlobalSecondaryIndexesMax = GlobalTables.Model.Indexes.IndexValidation.GlobalIndexesMax;

    /// <summary>The server process whose CPU each run's window is charged with (<see cref="ServerCpu"/>); null measures none.</summary>
    public int? ServerPid { get; init; }

    /// <summary>The endpoint has no tables (the HTTP floor served by <c>--serve-floor</c>): none is created or loaded.</summary>
    public bool NoTable { get; init; }

    /// <summary>Null when the options are usable, else what is wrong.</summary>
    public string? Validate()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != "http" && endpoint.Scheme != "https"))
            return $"--endpoint must be an http(s) URL, not '{Endpoint}'.";
        if (Table.Length < 3) return "--table needs at least 3 characters.";
        if (Workloads.Count == 0) return "--workload names no workload.";
        if (Records < 1) return "--records must be at least 1.";
        if (Ops is < 1) return "--ops must be at least 1.";
        if (Duration <= TimeSpan.Zero) return "--duration must be positive.";
        if (Concurrency is < 1 or > ConcurrencyMax) return $"--concurrency must lie in 1..{ConcurrencyMax}.";
        if (ItemSizeBytes is < 1 or > ItemSizeBytesMax) return $"--item-size must lie in 1..{ItemSizeBytesMax}.";
        if (Runs < 1) return "--runs must be at least 1.";
        if (Workloads.Any(w => w.Kind is WorkloadKind.Replication or WorkloadKind.ReplicaFill or WorkloadKind.CatchUp or WorkloadKind.ReplicationLag) && Replicas.Count == 0)
            return "The replication, replica-fill and catch-up workloads need --replica REGION=URL at least once.";
        if (!Uri.TryCreate(Admin, UriKind.Absolute, out _)) return $"--admin must be a URL, not '{Admin}'.";
        if (Rate is not null && !(Rate > 0)) return "--rate must be positive.";
        if (Isolation <= TimeSpan.Zero) return "--isolation must be positive.";
        if (WriteBatch is < 1 or > BenchTable.BatchWriteItemsMax) return $"--write-batch must lie in 1..{BenchTable.BatchWriteItemsMax}.";
        if (GlobalSecondaryIndexes is < 0 or > GlobalSecondaryIndexesMax) return $"--gsis must lie in 0..{GlobalSecondaryIndexesMax}.";
        if (Workloads.Any(w => w.Kind == WorkloadKind.GsiBackfill) && GlobalSecondaryIndexes == GlobalSecondaryIndexesMax)
            return $"gsi-backfill creates one GSI more than --gsis, so --gsis must lie in 0..{GlobalSecondaryIndexesMax - 1}.";
        if (GlobalSecondaryIndexProjection != ProjectionType.ALL && GlobalSecondaryIndexProjection != ProjectionType.KEYS_ONLY)
            return $"--gsi-projection is ALL or KEYS_ONLY, not '{GlobalSecondaryIndexProjection}'.";
        if (ServerPid is { } pid && !File.Exists(ServerCpu.StatPath(pid))) return $"--server-pid {pid}: no such process ({ServerCpu.StatPath(pid)} is missing).";
        return null;
    }
}
