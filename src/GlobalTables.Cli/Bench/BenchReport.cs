using System.Globalization;
using Spectre.Console;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// Renders bench results as a table: ops/s and p50, p99, p99.9 latency per operation, and with --server-pid the
/// server's CPU per op of each run (on its total row, or its only row).
/// </summary>
public static class BenchReport
{
    public static Table Render(BenchFile file)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("workload");
        table.AddColumn("run", c => c.RightAligned());
        table.AddColumn("operation");
        table.AddColumn("ops", c => c.RightAligned());
        table.AddColumn("errors", c => c.RightAligned());
        table.AddColumn("ops/s", c => c.RightAligned());
        table.AddColumn("p50 ms", c => c.RightAligned());
        table.AddColumn("p99 ms", c => c.RightAligned());
        table.AddColumn("p99.9 ms", c => c.RightAligned());
        table.AddColumn("max ms", c => c.RightAligned());
        var showCpu = file.Results.Any(r => r.ServerCpu is not null);
        if (showCpu) table.AddColumn("server CPU µs/op", c => c.RightAligned());
        foreach (var result in file.Results)
        {
            var workload = Markup.Escape(string.IsNullOrEmpty(result.Label) ? result.Workload : $"{result.Workload} ({result.Label})");
            var run = result.Run.ToString(CultureInfo.InvariantCulture);
            var cpu = result.ServerCpu is { } use ? use.UsPerOp.ToString("N0", CultureInfo.InvariantCulture) : "";
            var only = result.Operations.Count == 1;
            foreach (var operation in result.Operations)
            {
                AddRow(table, workload, run, operation.Name, operation, showCpu, only ? cpu : "");
            }
            if (result.Operations.Count > 1) AddRow(table, workload, run, "[bold]total[/]", result.Total, showCpu, cpu);
            foreach (var lag in result.ReplicationLags)
            {
                AddRow(table, workload, run, Markup.Escape($"lag to {lag.Name}"), lag with { OpsPerSecond = double.NaN }, showCpu, "");
            }
        }
        var first = file.Results.FirstOrDefault();
        if (first is not null)
        {
            table.Caption(Markup.Escape(
                $"{file.ProcessorCount} cores, {file.Framework}; {first.Records:N0} records, concurrency {first.Concurrency}, " +
                $"{first.ItemSizeBytes} B items, {first.Distribution}, seed {first.Seed}"));
        }
        return table;
    }

    /// <summary>The replication scenarios' own figures, one line each, under the table.</summary>
    public static IEnumerable<string> ScenarioLines(BenchFile file)
    {
        foreach (var result in file.Results)
        {
            if (result.ReplicaFill is { } fill)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"replica-fill run {result.Run}: {fill.Items:N0} items from {fill.SourceRegion} to {fill.ReplicaRegion} ACTIVE in {fill.FillSeconds:F1} s = " +
                    $"{fill.ItemsPerSecond:N0} items/s, while writing {fill.WriteRatePerSecond:N0}/s ({fill.WritesDuringFill:N0} writes); " +
                    $"replica ItemCount {fill.ReplicaItemCount:N0}; load {fill.LoadSeconds:F1} s ({fill.Items / Math.Max(fill.LoadSeconds, 1e-9):N0} items/s)");
                yield return ProgressLine(fill.Progress);
            }
            if (result.ReplicationLag is { } lag)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"replication-lag run {result.Run}: {lag.SourceRegion} -> {lag.ReplicaRegion} at {lag.WriteRatePerSecond:N0} writes/s (target {lag.TargetRatePerSecond:N0}): " +
                    $"p50 {lag.MeanP50Ms:F1} ms (mean of {lag.Readings} readings), p99 {lag.WorstP99Ms:F1} ms (worst); last reading p50 {lag.LastP50Ms:F1} ms, p99 {lag.LastP99Ms:F1} ms");
            }
            if (result.GsiBackfill is { } backfill)
            {
                var cpu = backfill.ServerCpu is { } use
                    ? string.Create(CultureInfo.InvariantCulture, $"; server CPU {use.Seconds:F1} s = {use.UsPerOp:N0} µs an item")
                    : "";
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"gsi-backfill run {result.Run}: {backfill.Items:N0} items into {backfill.IndexName} in {backfill.Region}, ACTIVE in {backfill.BackfillSeconds:F1} s = " +
                    $"{backfill.ItemsPerSecond:N0} items/s, while writing {backfill.WriteRatePerSecond:N0}/s ({backfill.WritesDuringBackfill:N0} writes); " +
                    $"index Scan {backfill.IndexItemsScanned:N0} items, {backfill.IndexItemsDistinct:N0} distinct, table ItemCount {backfill.TableItemCount:N0}: " +
                    $"{(backfill.EveryItemOnce ? "each item once" : "NOT each item once")}; load {backfill.LoadSeconds:F1} s{cpu}");
                yield return ProgressLine(backfill.Progress);
            }
            if (result.TimeToLive is { } ttl)
            {
                var cpu = ttl.ServerCpu is { } use
                    ? string.Create(CultureInfo.InvariantCulture, $"; server CPU {use.Seconds:F1} s = {use.UsPerOp:N0} µs an item")
                    : "";
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"ttl-delete run {result.Run}: {ttl.Items:N0} expired items deleted in {ttl.Region} in {ttl.DeleteSeconds:F1} s from ENABLED = " +
                    $"{ttl.ItemsPerSecond:N0} items/s; ENABLED after {ttl.EnablingSeconds:F1} s; load {ttl.LoadSeconds:F1} s{cpu}");
                yield return ProgressLine(ttl.Progress);
            }
            if (result.GsiLag is { } gsi)
            {
                var server = gsi.MeanP50Ms is { } p50
                    ? string.Create(CultureInfo.InvariantCulture, $"server p50 {p50:F1} ms (mean of {gsi.Readings} readings), p99 {gsi.WorstP99Ms:F1} ms (worst), last p50 {gsi.LastP50Ms:F1} ms, p99 {gsi.LastP99Ms:F1} ms")
                    : $"server figures unavailable ({gsi.AdminError})";
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"gsi-lag run {result.Run}: {gsi.IndexName} in {gsi.Region} at {gsi.WriteRatePerSecond:N0} writes/s (target {gsi.TargetRatePerSecond:N0}): {server}; " +
                    $"visible to Query p50 {gsi.VisibleP50Ms:F1} ms, p99 {gsi.VisibleP99Ms:F1} ms ({gsi.VisibilitySamples:N0} samples, {gsi.VisibilityFailures} failed)");
            }
            if (result.CatchUp is { } up)
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"catch-up run {result.Run}: {up.ReplicaRegion} isolated {up.IsolationSeconds:F1} s, {up.WritesDuringIsolation:N0} writes; backlog at heal {up.BacklogAtHeal:N0} " +
                    $"(built at {up.BuildRatePerSecond:N0}/s); drained in {up.DrainSeconds:F1} s = {up.DrainRatePerSecond:N0}/s while writing " +
                    $"{up.WritesDuringDrain / up.DrainSeconds:N0}/s; ratio {up.Ratio:F1}x; last write before heal arrived: {(up.LastWriteArrived ? "yes" : "NO")}");
            }
        }
    }

    private static string ProgressLine(IReadOnlyList<FillPoint> curve) =>
        "  progress (s: %): " + string.Join(", ", Thin(curve).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Seconds:F1}: {p.Percent}")));

    /// <summary>At most a dozen points of a progress curve, first and last kept.</summary>
    private static IEnumerable<FillPoint> Thin(IReadOnlyList<FillPoint> curve)
    {
        var step = Math.Max(1, (curve.Count + 11) / 12);
        return curve.Where((_, i) => i % step == 0 || i == curve.Count - 1);
    }

    /// <summary>The errors each run saw, most frequent first; empty when every op succeeded.</summary>
    public static IEnumerable<string> ErrorLines(BenchFile file) => file.Results
        .SelectMany(r => r.Errors.Select(e => $"{r.Workload} run {r.Run}: {e.Count} x {e.Message}"));

    public static string Milliseconds(long micros) => (micros / 1000.0).ToString("F2", CultureInfo.InvariantCulture);

    public static string Rate(double opsPerSecond) => double.IsNaN(opsPerSecond) ? "" : opsPerSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static void AddRow(Table table, string workload, string run, string name, OperationResult result, bool showCpu, string cpu)
    {
        string[] cells =
        [
            workload,
            run,
            name,
            result.Ops.ToString("N0", CultureInfo.InvariantCulture),
            result.Errors == 0 ? "0" : $"[red]{result.Errors.ToString("N0", CultureInfo.InvariantCulture)}[/]",
            Rate(result.OpsPerSecond),
            Milliseconds(result.P50Us),
            Milliseconds(result.P99Us),
            Milliseconds(result.P999Us),
            Milliseconds(result.MaxUs),
        ];
        table.AddRow(showCpu ? [.. cells, cpu] : cells);
    }
}
