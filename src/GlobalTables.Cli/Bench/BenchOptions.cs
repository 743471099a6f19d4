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
        if (Workloads.Any(w => w.Kind == WorkloadKind.Replication) && Replicas.Count == 0)
            return "The replication workload needs --replica REGION=URL at least once.";
        return null;
    }
}
