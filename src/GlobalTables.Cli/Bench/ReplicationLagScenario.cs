using System.Diagnostics;
using GlobalTables.Cli.Admin;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The replication-lag workload (issue 4): a steady writer at --rate (PutItem, or BatchWriteItem with
/// --write-batch for rates one client cannot reach with single puts) into a table with a replica in the
/// first --replica region, for --duration. Every second it reads the link's ReplicationLatency from
/// GET /_admin/replication: the time from each write's HLC stamp to the peer's acknowledgement of it,
/// over the link's last 8,192 changes. It reports the mean p50 and the worst p99 of those readings.
/// </summary>
public sealed class ReplicationLagScenario(BenchOptions options, BenchProgress progress)
{
    public const double RateDefault = 1000;
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    /// <summary>How long the warm-up may wait for the first replicated write before the run gives up.</summary>
    static readonly TimeSpan FlowingDeadline = TimeSpan.FromSeconds(60);

    public async Task<ScenarioOutcome> RunAsync(CancellationToken ct)
    {
        var replica = options.Replicas[0];
        var rate = options.Rate ?? RateDefault;
        using var admin = new AdminClient(new Uri(options.Admin));
        using var sourceClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
        using var replicaClient = BenchClient.Create(replica.Endpoint, replica.Region, 2, retries: 5);
        var source = new BenchTable(sourceClient, options.Table);
        var target = new BenchTable(replicaClient, options.Table);

        progress.Report($"creating {options.Table} in {options.Region} with a replica in {replica.Region}", 0);
        await ReplicaSetup.CreateGlobalAsync(sourceClient, source, target, replica.Region, ct);

        using var writerClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 0);
        await using var writer = new SteadyWriter(writerClient, options.Table, new ItemValues(options.ItemSizeBytes, options.Seed), rate,
            options.Concurrency, options.WriteBatch, slot => slot);
        writer.Start();
        await Task.Delay(WarmUp, ct);
        await UntilFlowingAsync(admin, replica.Region, ct);

        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var ackedAtStart = writer.Acknowledged;
        var readings = new List<LinkRow>();
        while (clock.Elapsed < options.Duration)
        {
            await Task.Delay(PollInterval, ct);
            if (await LinkAsync(admin, replica.Region, ct) is { Samples: > 0 } link) readings.Add(link);
            progress.Report($"writing at {rate:N0}/s, replicating to {replica.Region}", clock.Elapsed / options.Duration);
        }
        var written = writer.Acknowledged - ackedAtStart;
        var elapsed = clock.Elapsed.TotalSeconds;
        var recorders = await writer.StopAsync();
        if (readings.Count == 0) throw new InvalidOperationException($"No ReplicationLatency was reported for {options.Region} -> {replica.Region}");

        var result = new ReplicationLagResult(options.Region, replica.Region, rate, written / elapsed,
            readings.Average(r => r.P50Ms), readings.Max(r => r.P99Ms), readings[^1].P50Ms, readings[^1].P99Ms, readings.Count);
        return new ScenarioOutcome(startedAt, elapsed, recorders) { ReplicationLag = result };
    }

    /// <summary>
    /// The measurement starts only once the link has delivered writes: on a loaded machine the new
    /// table's partitions can take longer than the warm-up to start, and that start is not lag.
    /// </summary>
    async Task UntilFlowingAsync(AdminClient admin, string replica, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (await LinkAsync(admin, replica, ct) is not { Samples: > 0 })
        {
            if (clock.Elapsed > FlowingDeadline)
                throw new InvalidOperationException($"No write reached {replica} from {options.Region} within {FlowingDeadline.TotalSeconds:N0} s");
            progress.Report($"waiting for the first write to reach {replica}", 0);
            await Task.Delay(PollInterval / 4, ct);
        }
    }

    async Task<LinkRow?> LinkAsync(AdminClient admin, string replica, CancellationToken ct) =>
        (await admin.ReplicationAsync(ct)).FirstOrDefault(l => l.Source == options.Region && l.Destination == replica && l.Table == options.Table);
}
