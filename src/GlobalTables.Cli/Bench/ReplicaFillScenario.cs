using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The replica-fill workload (issue 4): drop the table everywhere, create it in --endpoint's region
/// and load --records items with BatchWriteItem; then, while a <see cref="SteadyWriter"/> overwrites
/// loaded items at --rate, add the --replica region with UpdateTable ReplicaUpdates Create and poll
/// the new replica's DescribeTable until it is ACTIVE. The fill rate is items over the time to ACTIVE;
/// the ReplicaStatusPercentProgress readings on the way are kept as the progress curve.
/// </summary>
public sealed class ReplicaFillScenario(BenchOptions options, BenchProgress progress)
{
    public const double RateDefault = 500;
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    /// <summary>A fill slower than this many items a second is reported as failed rather than waited for.</summary>
    const double ItemsPerSecondFloor = 200;
    static readonly TimeSpan FillWaitMin = TimeSpan.FromMinutes(2);

    /// <summary>How long a fill of this many items may take before it counts as failed (gsi-backfill's too).</summary>
    public static TimeSpan FillDeadline(long items) => FillWaitMin + TimeSpan.FromSeconds(items / ItemsPerSecondFloor);

    public async Task<ScenarioOutcome> RunAsync(CancellationToken ct)
    {
        var replica = options.Replicas[0];
        using var sourceClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
        using var replicaClient = BenchClient.Create(replica.Endpoint, replica.Region, 2, retries: 5);
        var source = new BenchTable(sourceClient, options.Table);
        var target = new BenchTable(replicaClient, options.Table);
        var values = new ItemValues(options.ItemSizeBytes, options.Seed);

        progress.Report($"dropping {options.Table} in {options.Region} and {replica.Region}", 0);
        await ReplicaSetup.DropEverywhereAsync(source, target, ct);
        await source.RecreateAsync(withStream: false, ct);
        var loading = Stopwatch.StartNew();
        await source.LoadAsync(options.Records, options.Concurrency, values, progress, ct);
        var loadSeconds = loading.Elapsed.TotalSeconds;

        using var writerClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 0);
        long records = options.Records;
        await using var writer = new SteadyWriter(writerClient, options.Table, values, options.Rate ?? RateDefault, options.Concurrency, options.WriteBatch,
            SteadyWriter.Overwrites(records));
        writer.Start();

        var filling = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        await ReplicaSetup.AddReplicaAsync(sourceClient, options.Table, replica.Region, ct);
        var curve = new List<FillPoint>();
        var deadline = FillDeadline(records);
        while (true)
        {
            var description = await target.DescribeAsync(ct);
            var mine = description?.Replicas?.FirstOrDefault(r => r.RegionName == replica.Region);
            if (description?.TableStatus == TableStatus.ACTIVE && mine?.ReplicaStatus == ReplicaStatus.ACTIVE) break;
            if (int.TryParse(mine?.ReplicaStatusPercentProgress, out var percent) && (curve.Count == 0 || curve[^1].Percent != percent))
                curve.Add(new FillPoint(filling.Elapsed.TotalSeconds, percent));
            progress.Report($"filling {replica.Region}", percent / 100.0);
            if (filling.Elapsed > deadline) throw new TimeoutException($"The replica in {replica.Region} was not ACTIVE within {deadline.TotalSeconds:F0} s.");
            await Task.Delay(PollInterval, ct);
        }
        var fillSeconds = filling.Elapsed.TotalSeconds;
        curve.Add(new FillPoint(fillSeconds, 100));
        var written = writer.Acknowledged;
        var recorders = await writer.StopAsync();

        var count = (await target.DescribeAsync(ct))?.ItemCount ?? 0;
        var result = new ReplicaFillResult(options.Region, replica.Region, records, loadSeconds, fillSeconds, records / fillSeconds,
            written, written / fillSeconds, count, curve);
        return new ScenarioOutcome(startedAt, fillSeconds, recorders) { ReplicaFill = result };
    }
}
