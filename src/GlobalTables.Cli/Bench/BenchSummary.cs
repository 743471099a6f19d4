using System.Globalization;
using Spectre.Console;

namespace GlobalTables.Cli.Bench;

/// <summary>The median of one workload's runs against one system.</summary>
/// <param name="CpuUsPerOp">The server's CPU per operation over each run's window (bench --server-pid); null when not measured.</param>
public sealed record SystemMedian(string Label, string Workload, int Runs, double OpsPerSecond, double P99Us, long Errors, double? CpuUsPerOp = null);

/// <summary>
/// Compares systems from many bench JSON files (what bench/compare.sh collects): one row per
/// workload with each system's median ops/s, p99 and server CPU per operation, the ratio of the baseline to each peer,
/// and last the ratios against the fastest peer and against the leanest, written like "3.4x", floor-http left out of those.
/// Floors measured in process get their own table.
/// </summary>
public sealed class BenchSummary
{
    public const string FloorPrefix = "floor-";

    public string Baseline { get; }
    public IReadOnlyList<string> Peers { get; }
    public IReadOnlyList<string> Workloads { get; }
    public IReadOnlyList<SystemMedian> Medians { get; }
    public IReadOnlyList<SystemMedian> Floors { get; }

    public BenchSummary(IEnumerable<RunResult> results, string baseline)
    {
        Baseline = baseline;
        var all = results.ToList();
        Medians = MediansOf(all.Where(r => !IsFloor(r)));
        Floors = MediansOf(all.Where(IsFloor));
        var order = YcsbWorkloads.All.Select(w => w.Name).ToList();
        Workloads = Medians.Select(m => m.Workload).Distinct()
            .OrderBy(w => order.IndexOf(w) is var i && i >= 0 ? i : int.MaxValue).ThenBy(w => w, StringComparer.Ordinal)
            .ToList();
        Peers = Medians.Select(m => m.Label).Where(l => l != baseline).Distinct().ToList();
    }

    public static async Task<BenchSummary> ReadFolderAsync(string folder, string baseline, CancellationToken cancellationToken)
    {
        var results = new List<RunResult>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            results.AddRange((await BenchFile.ReadAsync(path, cancellationToken)).Results);
        }
        return new BenchSummary(results, baseline);
    }

    public SystemMedian? Find(string label, string workload) => Medians.FirstOrDefault(m => m.Label == label && m.Workload == workload);

    /// <summary>Baseline ops/s over the peer's, or null if either is missing or had errors.</summary>
    public double? Ratio(string workload, string peer)
    {
        var baseline = Find(Baseline, workload);
        var other = Find(peer, workload);
        if (baseline is not { Errors: 0 } || other is not { Errors: 0 } || other.OpsPerSecond <= 0) return null;
        return baseline.OpsPerSecond / other.OpsPerSecond;
    }

    /// <summary>Baseline server CPU per operation over the peer's, or null if either was not measured or had errors.</summary>
    public double? CpuRatio(string workload, string peer)
    {
        var baseline = Find(Baseline, workload);
        var other = Find(peer, workload);
        if (baseline is not { Errors: 0, CpuUsPerOp: { } mine } || other is not { Errors: 0, CpuUsPerOp: > 0 and var theirs }) return null;
        return mine / theirs;
    }

    /// <summary>Baseline server CPU per operation over the leanest error-free peer's, or null.</summary>
    public double? CpuRatioToLeanestPeer(string workload)
    {
        var leanest = Peers.Where(IsPeer).Select(p => Find(p, workload)).OfType<SystemMedian>().Where(m => m is { Errors: 0, CpuUsPerOp: > 0 }).MinBy(m => m.CpuUsPerOp);
        return leanest is null ? null : CpuRatio(workload, leanest.Label);
    }

    /// <summary>Baseline ops/s over the fastest error-free peer's (by median ops/s), or null.</summary>
    public double? RatioToFastestPeer(string workload)
    {
        var fastest = Peers.Where(IsPeer).Select(p => Find(p, workload)).OfType<SystemMedian>().Where(m => m.Errors == 0).MaxBy(m => m.OpsPerSecond);
        return fastest is null ? null : Ratio(workload, fastest.Label);
    }

    public static string FormatRatio(double? ratio) => ratio switch
    {
        null => "n/a",
        >= 10 => ratio.Value.ToString("F0", CultureInfo.InvariantCulture) + "x",
        >= 1 => ratio.Value.ToString("F1", CultureInfo.InvariantCulture) + "x",
        _ => ratio.Value.ToString("F2", CultureInfo.InvariantCulture) + "x",
    };

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public Table RenderComparison()
    {
        var table = new Table().Border(TableBorder.Rounded);
        var systems = new[] { Baseline }.Concat(Peers).ToList();
        table.AddColumn("workload");
        foreach (var system in systems)
        {
            table.AddColumn(Markup.Escape($"{system}\nops/s"), c => c.RightAligned());
            table.AddColumn(Markup.Escape($"{system}\np99 ms"), c => c.RightAligned());
            table.AddColumn(Markup.Escape($"{system}\ncpu µs/op"), c => c.RightAligned());
        }
        foreach (var peer in Peers) table.AddColumn(Markup.Escape($"{Baseline}/\n{peer}\nops, cpu"), c => c.RightAligned());
        table.AddColumn("ops/s vs\nfastest peer", c => c.RightAligned());
        table.AddColumn("cpu vs\nleanest peer", c => c.RightAligned());
        foreach (var workload in Workloads)
        {
            var cells = new List<string> { Markup.Escape(workload) };
            foreach (var system in systems)
            {
                var median = Find(system, workload);
                var flag = median is { Errors: > 0 } ? " [red]![/]" : "";
                cells.Add(median is null ? "n/a" : BenchReport.Rate(median.OpsPerSecond) + flag);
                cells.Add(median is null ? "n/a" : BenchReport.Milliseconds((long)median.P99Us));
                cells.Add(median?.CpuUsPerOp is { } cpu ? cpu.ToString("N0", CultureInfo.InvariantCulture) : "n/a");
            }
            foreach (var peer in Peers) cells.Add($"{FormatRatio(Ratio(workload, peer))}, {FormatRatio(CpuRatio(workload, peer))}");
            cells.Add("[bold]" + FormatRatio(RatioToFastestPeer(workload)) + "[/]");
            cells.Add("[bold]" + FormatRatio(CpuRatioToLeanestPeer(workload)) + "[/]");
            table.AddRow(cells.ToArray());
        }
        var runs = Medians.Select(m => m.Runs).DefaultIfEmpty(0).Max();
        table.Caption($"median of {runs} runs per cell; ratios are the baseline's ops/s (higher is faster) and server CPU per operation (lower is leaner) over the peer's; [red]![/] marks a system whose runs had errors, which gets no ratio");
        return table;
    }

    public Table RenderFloors()
    {
        var table = new Table().Border(TableBorder.Rounded).Title("floors of this machine");
        table.AddColumn("floor");
        table.AddColumn("ops/s", c => c.RightAligned());
        table.AddColumn("p99 ms", c => c.RightAligned());
        foreach (var floor in Floors)
        {
            var what = floor.Workload switch
            {
                "floor-sqlite" => "raw Microsoft.Data.Sqlite inserts, WAL, 100 per transaction (p99 per transaction)",
                "floor-kestrel" => "Kestrel answering 200 {} to the same client's GetItem",
                _ => floor.Workload,
            };
            table.AddRow(Markup.Escape(what), BenchReport.Rate(floor.OpsPerSecond), BenchReport.Milliseconds((long)floor.P99Us));
        }
        return table;
    }

    private static bool IsFloor(RunResult result) => result.Workload.StartsWith(FloorPrefix, StringComparison.Ordinal);

    /// <summary>A system that is a floor (floor-http, served by bench --serve-floor) has a column of its own but is no peer: no server does less.</summary>
    private static bool IsPeer(string label) => !label.StartsWith(FloorPrefix, StringComparison.Ordinal);

    private static List<SystemMedian> MediansOf(IEnumerable<RunResult> results) => results
        .GroupBy(r => (r.Label, r.Workload))
        .Select(g => new SystemMedian(
            g.Key.Label,
            g.Key.Workload,
            g.Count(),
            Median(g.Select(r => r.Total.OpsPerSecond).ToList()),
            Median(g.Select(r => (double)r.Total.P99Us).ToList()),
            g.Sum(r => r.Total.Errors),
            g.Where(r => r.ServerCpu is { Ops: > 0 }).Select(r => r.ServerCpu!.UsPerOp).ToList() is { Count: > 0 } cpu ? Median(cpu) : null))
        .ToList();
}
