using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The ttl-delete workload: a fresh table, --records items loaded with BatchWriteItem, each already expired an hour
/// ago; then UpdateTimeToLive enables time to live on their attribute, and once DescribeTimeToLive reads ENABLED,
/// DescribeTable is polled until ItemCount is 0. The deletion rate is items over the time from ENABLED to 0, which
/// includes the wait for each partition's first pass: up to the server's <c>globaltables.time-to-live.scan-interval</c>.
/// </summary>
public sealed class TimeToLiveScenario(BenchOptions options, BenchProgress progress)
{
    /// <summary>The items' time to live attribute.</summary>
    public const string AttributeName = "expires";

    public async Task<ScenarioOutcome> RunAsync(CancellationToken ct)
    {
        long records = options.Records;
        using var client = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
        var expiredAt = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
        var table = new BenchTable(client, options.Table) { Expires = (AttributeName, expiredAt) };
        var values = new ItemValues(options.ItemSizeBytes, options.Seed);

        progress.Report($"creating {options.Table}", 0);
        await table.RecreateAsync(withStream: false, ct);
        var loading = Stopwatch.StartNew();
        await table.LoadAsync(records, options.Concurrency, values, progress, ct);
        var loadSeconds = loading.Elapsed.TotalSeconds;

        progress.Report($"enabling time to live on {AttributeName}", 0);
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = options.Table, TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = true, AttributeName = AttributeName },
        }, ct);
        var enabling = Stopwatch.StartNew();
        while ((await client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = options.Table }, ct))
               .TimeToLiveDescription.TimeToLiveStatus != TimeToLiveStatus.ENABLED)
        {
            if (enabling.Elapsed > EnablingWaitMax) throw new TimeoutException($"Time to live on {options.Table} was not ENABLED within {EnablingWaitMax.TotalSeconds:F0} s.");
            await Task.Delay(ReplicaFillScenario.PollInterval, ct);
        }
        var enablingSeconds = enabling.Elapsed.TotalSeconds;

        var cpu = ServerCpu.For(options.ServerPid);
        var cpuAtStart = cpu?.Seconds();
        var startedAt = DateTimeOffset.UtcNow;
        var deleting = Stopwatch.StartNew();
        var curve = new List<FillPoint>();
        var deadline = ReplicaFillScenario.FillDeadline(records);
        long left;
        while ((left = (await table.DescribeAsync(ct))?.ItemCount ?? 0) > 0)
        {
            var percent = (int)((records - Math.Min(left, records)) * 100 / records);
            if (curve.Count == 0 || curve[^1].Percent != percent) curve.Add(new FillPoint(deleting.Elapsed.TotalSeconds, percent));
            progress.Report($"deleting expired items ({left:N0} left)", percent / 100.0);
            if (deleting.Elapsed > deadline) throw new TimeoutException($"{left:N0} expired items were still in {options.Table} after {deadline.TotalSeconds:F0} s.");
            await Task.Delay(ReplicaFillScenario.PollInterval, ct);
        }
        var deleteSeconds = deleting.Elapsed.TotalSeconds;
        var cpuUsed = cpu?.Seconds() - cpuAtStart;
        curve.Add(new FillPoint(deleteSeconds, 100));
        var result = new TimeToLiveResult(options.Region, records, loadSeconds, enablingSeconds, deleteSeconds,
            records / deleteSeconds, curve, cpuUsed is { } seconds ? new ServerCpuUse(seconds, records) : null);
        return new ScenarioOutcome(startedAt, deleteSeconds, []) { TimeToLive = result };
    }

    /// <summary>UpdateTimeToLive settles after the server's <c>time-to-live.transition</c> (10 s by default).</summary>
    static readonly TimeSpan EnablingWaitMax = TimeSpan.FromMinutes(2);
}
