using System.Diagnostics;
using System.Text.Json;
using GlobalTables.Cli.Admin;
using GlobalTables.Cli.Commands;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The gsi-lag workload: a steady writer at --rate puts new items into a fresh table with --gsis GSIs (at least
/// one) for --duration. Every second it reads gsi1's lag in --endpoint's region from GET /_admin/indexes on
/// --admin and reports the mean p50 and the worst p99 of those readings, as replication-lag does for a link. Beside
/// that, the client's own measure: an <see cref="IndexVisibilityProbe"/> on gsi1. A server without the admin route
/// still gets the client's figures; the route's failure is reported as an error of the run.
/// </summary>
public sealed class GsiLagScenario(BenchOptions options, BenchProgress progress)
{
    /// <summary>The rate, warm-up and admin polls are replication-lag's, so the two lags compare.</summary>
    public const double RateDefault = ReplicationLagScenario.RateDefault;
    const int MeasuredIndex = 1;

    public async Task<ScenarioOutcome> RunAsync(CancellationToken ct)
    {
        var rate = options.Rate ?? RateDefault;
        var indexes = BenchIndexes.For(options, YcsbWorkloads.GsiLag);
        var indexName = BenchIndexes.IndexName(MeasuredIndex);
        using var admin = new AdminClient(new Uri(options.Admin));
        using var setupClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
        progress.Report($"creating {options.Table} with {indexes.Count} GSIs", 0);
        await new BenchTable(setupClient, options.Table) { Indexes = indexes }.RecreateAsync(withStream: false, ct);

        using var writerClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 0);
        using var probeClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 0);
        var probe = new IndexVisibilityProbe(probeClient, options.Table, indexes, MeasuredIndex);
        await using var writer = new SteadyWriter(writerClient, options.Table, new ItemValues(options.ItemSizeBytes, options.Seed), rate,
            options.Concurrency, options.WriteBatch, slot => slot) { Indexes = indexes, Written = probe.Written };
        writer.Start();
        await Task.Delay(ReplicationLagScenario.WarmUp, ct);

        var cpu = ServerCpu.For(options.ServerPid);
        var cpuAtStart = cpu?.Seconds();
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var ackedAtStart = writer.Acknowledged;
        probe.Start();
        var readings = new List<IndexLagRow>();
        string? adminError = null;
        while (clock.Elapsed < options.Duration)
        {
            await Task.Delay(ReplicationLagScenario.PollInterval, ct);
            if (adminError is null)
            {
                try
                {
                    var row = (await admin.IndexesAsync(ct)).FirstOrDefault(r => r.Region == options.Region && r.Table == options.Table && r.Index == indexName);
                    if (row is { Samples: > 0 }) readings.Add(row);
                }
                catch (Exception error) when (error is CommandFailedException or UsageException or JsonException or InvalidDataException)
                {
                    // Read no more: a server without the route answers the same every second.
                    adminError = $"GET /_admin/indexes on {options.Admin} failed: {error.Message}";
                }
            }
            progress.Report($"writing at {rate:N0}/s into {options.Table} with {indexes.Count} GSIs", clock.Elapsed / options.Duration);
        }
        var written = writer.Acknowledged - ackedAtStart;
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuUsed = cpu?.Seconds() - cpuAtStart;
        var recorders = (await writer.StopAsync()).ToList();
        recorders.Add(await probe.StopAsync());
        if (adminError is null && readings.Count == 0)
            adminError = $"GET /_admin/indexes on {options.Admin} reported no samples for {options.Region} {options.Table} {indexName}";
        if (adminError is not null) recorders.Add(WorkerRecorder.Failure("admin", adminError));

        var delays = probe.Delays;
        var empty = delays.TotalCount == 0;
        var result = new GsiLagResult(options.Region, indexName, rate, written / elapsed, readings.Count,
            readings.Count > 0 ? readings.Average(r => r.P50Ms) : null,
            readings.Count > 0 ? readings.Max(r => r.P99Ms) : null,
            readings.Count > 0 ? readings[^1].P50Ms : null,
            readings.Count > 0 ? readings[^1].P99Ms : null,
            adminError,
            delays.TotalCount,
            empty ? 0 : delays.GetValueAtPercentile(50) / 1000.0,
            empty ? 0 : delays.GetValueAtPercentile(99) / 1000.0,
            probe.Failures);
        return new ScenarioOutcome(startedAt, elapsed, recorders)
        {
            GsiLag = result,
            ServerCpu = cpuUsed is { } seconds ? new ServerCpuUse(seconds, written) : null,
        };
    }
}
