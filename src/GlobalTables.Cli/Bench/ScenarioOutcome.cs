namespace GlobalTables.Cli.Bench;

/// <summary>
/// What a scenario (replica-fill, catch-up, replication-lag, gsi-backfill, gsi-lag, ttl-delete) hands the runner: when its
/// timed phase started and how long it took, its writer's recorders (the report's put row), and its own figures.
/// </summary>
public sealed record ScenarioOutcome(DateTimeOffset StartedAt, double ElapsedSeconds, IReadOnlyList<WorkerRecorder> Recorders)
{
    public ReplicaFillResult? ReplicaFill { get; init; }
    public CatchUpResult? CatchUp { get; init; }
    public ReplicationLagResult? ReplicationLag { get; init; }
    public GsiBackfillResult? GsiBackfill { get; init; }
    public GsiLagResult? GsiLag { get; init; }
    public TimeToLiveResult? TimeToLive { get; init; }

    /// <summary>The server's CPU over the timed phase, per write; null without --server-pid.</summary>
    public ServerCpuUse? ServerCpu { get; init; }
}
