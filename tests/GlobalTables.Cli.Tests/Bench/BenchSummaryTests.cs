using GlobalTables.Cli.Bench;

namespace GlobalTables.Cli.Tests.Bench;

public sealed class BenchSummaryTests
{
    [Fact]
    public void Medians_of_three_runs_give_one_ratio_per_peer_and_one_against_the_fastest()
    {
        var results = new List<RunResult>();
        results.AddRange(Runs("globaltables", "put-only", 3_000, 3_400, 3_200));
        results.AddRange(Runs("dynamodb-local", "put-only", 1_000, 900, 1_100));
        results.AddRange(Runs("dynalite", "put-only", 2_000, 2_100, 1_900));
        results.AddRange(Runs("floor", "floor-sqlite", 60_000, 61_000, 59_000));

        var summary = new BenchSummary(results, "globaltables");

        Assert.Equal(["dynamodb-local", "dynalite"], summary.Peers);
        Assert.Equal(["put-only"], summary.Workloads);
        Assert.Equal(3_200, summary.Find("globaltables", "put-only")!.OpsPerSecond);
        Assert.Equal("3.2x", BenchSummary.FormatRatio(summary.Ratio("put-only", "dynamodb-local")));
        Assert.Equal("1.6x", BenchSummary.FormatRatio(summary.RatioToFastestPeer("put-only")));
        Assert.Equal(60_000, Assert.Single(summary.Floors).OpsPerSecond);
    }

    [Fact]
    public void Server_CPU_per_operation_is_the_median_of_the_measured_runs_and_compares_with_the_leanest_peer()
    {
        static IEnumerable<RunResult> WithCpu(IEnumerable<RunResult> runs, params double[] seconds) =>
            runs.Zip(seconds, (r, s) => r with { ServerCpu = new ServerCpuUse(s, r.Total.Ops) });
        var results = WithCpu(Runs("globaltables", "put-only", 1_000, 1_000, 1_000), 0.2, 0.3, 0.25)
            .Concat(WithCpu(Runs("dynalite", "put-only", 1_000, 1_000, 1_000), 0.1, 0.1, 0.1))
            .Concat(WithCpu(Runs("dynamodb-local", "put-only", 1_000, 1_000, 1_000), 0.5, 0.5, 0.5))
            .Concat(Runs("unmeasured", "put-only", 1_000));

        var summary = new BenchSummary(results, "globaltables");

        Assert.Equal(250, summary.Find("globaltables", "put-only")!.CpuUsPerOp!.Value, 6);
        Assert.Null(summary.Find("unmeasured", "put-only")!.CpuUsPerOp);
        Assert.Equal("2.5x", BenchSummary.FormatRatio(summary.CpuRatio("put-only", "dynalite")));
        Assert.Equal("0.50x", BenchSummary.FormatRatio(summary.CpuRatio("put-only", "dynamodb-local")));
        Assert.Equal("2.5x", BenchSummary.FormatRatio(summary.CpuRatioToLeanestPeer("put-only")));
        Assert.Null(summary.CpuRatio("put-only", "unmeasured"));
    }

    [Fact]
    public void The_served_floor_has_its_ratio_but_is_neither_the_fastest_nor_the_leanest_peer()
    {
        static IEnumerable<RunResult> WithCpu(IEnumerable<RunResult> runs, double seconds) =>
            runs.Select(r => r with { ServerCpu = new ServerCpuUse(seconds, r.Total.Ops) });
        var results = WithCpu(Runs("globaltables", "get-only", 1_000), 0.04)
            .Concat(WithCpu(Runs("dynalite", "get-only", 500), 0.05))
            .Concat(WithCpu(Runs("floor-http", "get-only", 2_000), 0.046));

        var summary = new BenchSummary(results, "globaltables");

        Assert.Contains("floor-http", summary.Peers);
        Assert.Equal("0.50x", BenchSummary.FormatRatio(summary.Ratio("get-only", "floor-http")));
        Assert.Equal("1.7x", BenchSummary.FormatRatio(summary.CpuRatio("get-only", "floor-http")));
        Assert.Equal("2.0x", BenchSummary.FormatRatio(summary.RatioToFastestPeer("get-only")));
        Assert.Equal("0.40x", BenchSummary.FormatRatio(summary.CpuRatioToLeanestPeer("get-only")));
        Assert.Empty(summary.Floors);
    }

    [Fact]
    public void A_missing_system_gives_no_ratio()
    {
        var summary = new BenchSummary(Runs("dynalite", "ycsb-a", 10), "globaltables");
        Assert.Equal("n/a", BenchSummary.FormatRatio(summary.RatioToFastestPeer("ycsb-a")));
        Assert.Equal("0.25x", BenchSummary.FormatRatio(0.25));
        Assert.Equal("12x", BenchSummary.FormatRatio(12.4));
    }

    [Fact]
    public void A_system_whose_runs_had_errors_gets_no_ratio()
    {
        var results = Runs("globaltables", "ycsb-e", 100, 100, 100).Select(r => r with { Total = r.Total with { Errors = 5 } })
            .Concat(Runs("dynalite", "ycsb-e", 50, 50, 50));
        var summary = new BenchSummary(results, "globaltables");
        Assert.Null(summary.RatioToFastestPeer("ycsb-e"));
        Assert.Equal(15, summary.Find("globaltables", "ycsb-e")!.Errors);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        Assert.Equal(2.5, BenchSummary.Median([4, 1, 2, 3]));
        Assert.Equal(2, BenchSummary.Median([3, 1, 2]));
    }

    private static IEnumerable<RunResult> Runs(string label, string workload, params double[] opsPerSecond) =>
        opsPerSecond.Select((rate, i) =>
        {
            var total = new OperationResult("total", (long)rate, 0, rate, 1_000, 900, 2_000, 3_000, 4_000);
            return new RunResult(label, "http://127.0.0.1:1", workload, i + 1, "zipfian", 42, 1_000, 16, 1_000,
                DateTimeOffset.UnixEpoch, 1, total, [total], [], []);
        });
}
