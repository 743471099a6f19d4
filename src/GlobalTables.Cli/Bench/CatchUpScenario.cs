using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Cli.Admin;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The catch-up workload (issue 5): a fresh table in --endpoint's region with a replica in the
/// --replica region; a <see cref="SteadyWriter"/> inserts new items at --rate; the replica is
/// isolated (POST /_admin/regions/R/isolate on --admin) for --isolation seconds, then healed while
/// the writer keeps going. Drained is the first moment the replica holds every item the writer had
/// acknowledged <see cref="LagAllowance"/> earlier: the replica's ItemCount, not the link's own
/// backlog figure, so the ruler does not depend on the code it measures (every write is a new item).
/// </summary>
public sealed class CatchUpScenario(BenchOptions options, BenchProgress progress)
{
    public const double RateDefault = 2000;
    /// <summary>Normal replication lag the drained replica may still show: a push's round trip, with room.</summary>
    public static readonly TimeSpan LagAllowance = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);
    static readonly TimeSpan DrainWaitMin = TimeSpan.FromMinutes(2);

    public async Task<ScenarioOutcome> RunAsync(CancellationToken ct)
    {
        var replica = options.Replicas[0];
        using var admin = new AdminClient(new Uri(options.Admin));
        using var sourceClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
        using var replicaClient = BenchClient.Create(replica.Endpoint, replica.Region, 2, retries: 5);
        var source = new BenchTable(sourceClient, options.Table);
        var target = new BenchTable(replicaClient, options.Table);
        var values = new ItemValues(options.ItemSizeBytes, options.Seed);

        progress.Report($"creating {options.Table} in {options.Region} with a replica in {replica.Region}", 0);
        await admin.RegionActionAsync(replica.Region, "heal", ct: ct);
        await ReplicaSetup.CreateGlobalAsync(sourceClient, source, target, replica.Region, ct);

        using var writerClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 0);
        await using var writer = new SteadyWriter(writerClient, options.Table, values, options.Rate ?? RateDefault, options.Concurrency, options.WriteBatch, slot => slot);
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var acknowledged = new AckTimeline(writer, clock);
        writer.Start();
        await Task.Delay(WarmUp, ct);

        await admin.RegionActionAsync(replica.Region, "isolate", ct: ct);
        var isolatedAt = clock.Elapsed;
        var ackedAtIsolation = writer.Acknowledged;
        var isolation = options.Isolation;
        while (clock.Elapsed - isolatedAt < isolation)
        {
            acknowledged.Sample();
            progress.Report($"{replica.Region} isolated, writing at {options.Rate ?? RateDefault:N0}/s", (clock.Elapsed - isolatedAt) / isolation);
            await Task.Delay(PollInterval, ct);
        }
        await admin.RegionActionAsync(replica.Region, "heal", ct: ct);
        var healedAt = clock.Elapsed;
        var ackedAtHeal = writer.Acknowledged;
        var lastBeforeHeal = writer.LastAcknowledgedRecord;
        long backlogAtHeal = -1;

        var deadline = DrainWaitMin + isolation * 10;
        double drainSeconds;
        while (true)
        {
            acknowledged.Sample();
            var held = (await target.DescribeAsync(ct))?.ItemCount ?? 0;
            var now = clock.Elapsed;
            if (backlogAtHeal < 0) backlogAtHeal = Math.Max(0, ackedAtHeal - held);
            if (held >= acknowledged.At(now - LagAllowance))
            {
                drainSeconds = Math.Max((now - healedAt).TotalSeconds, PollInterval.TotalSeconds);
                break;
            }
            progress.Report($"{replica.Region} healed, draining", held / (double)Math.Max(1, acknowledged.At(now)));
            if (now - healedAt > deadline) throw new TimeoutException($"{replica.Region} had not caught up {deadline.TotalSeconds:F0} s after heal.");
            await Task.Delay(PollInterval, ct);
        }
        var ackedAtDrain = writer.Acknowledged;
        var recorders = await writer.StopAsync();
        var elapsed = clock.Elapsed.TotalSeconds;

        var arrived = lastBeforeHeal < 0 || (await replicaClient.GetItemAsync(new GetItemRequest
        {
            TableName = options.Table,
            Key = BenchTable.Key(lastBeforeHeal),
            ConsistentRead = true,
        }, ct)).Item is { Count: > 0 };
        var isolationSeconds = (healedAt - isolatedAt).TotalSeconds;
        var buildRate = backlogAtHeal / isolationSeconds;
        var drainRate = backlogAtHeal / drainSeconds;
        var result = new CatchUpResult(options.Region, replica.Region, isolationSeconds, ackedAtHeal - ackedAtIsolation, buildRate, backlogAtHeal,
            drainSeconds, drainRate, isolationSeconds / drainSeconds, ackedAtDrain - ackedAtHeal, arrived);
        return new ScenarioOutcome(startedAt, elapsed, recorders) { CatchUp = result };
    }

    /// <summary>The writer's acknowledged count over time, so the drain check can ask what it was a moment ago.</summary>
    sealed class AckTimeline(SteadyWriter writer, Stopwatch clock)
    {
        readonly List<(TimeSpan At, long Acknowledged)> _samples = [];

        public void Sample() => _samples.Add((clock.Elapsed, writer.Acknowledged));

        /// <summary>The newest sampled count at or before <paramref name="at"/>; 0 before the first sample.</summary>
        public long At(TimeSpan at)
        {
            for (int i = _samples.Count - 1; i >= 0; i--)
                if (_samples[i].At <= at) return _samples[i].Acknowledged;
            return 0;
        }
    }
}
