using System.Diagnostics;
using HdrHistogram;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// Runs each workload <see cref="BenchOptions.Runs"/> times: untimed setup, then closed-loop
/// workers until --ops operations or --duration has passed. Every run uses the same seed.
/// </summary>
public sealed class BenchRunner(BenchOptions options, BenchProgress progress)
{
    /// <summary>With --reuse-table: a loaded bench table is already there for the next mix workload.</summary>
    private bool _tableLoaded;

    private readonly ServerCpu? _serverCpu = ServerCpu.For(options.ServerPid);

    public async Task<BenchFile> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<RunResult>();
        foreach (var workload in options.Workloads)
        {
            if (workload.IsScenario)
            {
                for (var run = 1; run <= options.Runs; run++) results.Add(await RunScenarioAsync(workload, run, cancellationToken));
                continue;
            }
            await using var target = CreateTarget(options, workload);
            for (var run = 1; run <= options.Runs; run++)
            {
                results.Add(await RunOnceAsync(workload, run, target, cancellationToken));
            }
        }
        return BenchFile.ForThisMachine(results);
    }

    public static IBenchTarget CreateTarget(BenchOptions options, Workload workload) => workload.Kind switch
    {
        WorkloadKind.Mix => new DynamoTarget(options, workload) { CreatesTable = !options.NoTable },
        WorkloadKind.Replication => new ReplicationTarget(options),
        WorkloadKind.FloorSqlite => new SqliteFloor(options),
        WorkloadKind.FloorKestrel => new KestrelFloor(options),
        WorkloadKind.StreamRead => new StreamReadTarget(options),
        _ => throw new ArgumentOutOfRangeException(nameof(workload), workload.Kind, null),
    };

    /// <summary>Each worker's random source depends on the seed and its index only, so runs repeat.</summary>
    public static int WorkerSeed(int seed, int worker) => unchecked((seed * 1_000_003) + worker);

    public async Task<RunResult> RunOnceAsync(Workload workload, int run, IBenchTarget target, CancellationToken cancellationToken)
    {
        var title = options.Runs > 1 ? $"{workload.Name} run {run}/{options.Runs}" : workload.Name;
        if (NeedsSetup(workload, run))
        {
            progress.Report($"{title}: setting up", 0);
            try
            {
                await target.SetupAsync(progress, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The run is reported as failed and the next workload still runs.
                return FailedSetup(workload, run, target.Endpoint, error);
            }
            _tableLoaded |= workload is { Kind: WorkloadKind.Mix, NeedsLoad: true };
        }

        var workers = Math.Min(options.Concurrency, workload.WorkersMax);
        var recorders = Enumerable.Range(0, workers).Select(_ => new WorkerRecorder()).ToArray();
        var loop = new LoopState(options.Ops, options.Duration, $"{title}: running");
        var startedAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var cpuAtStart = _serverCpu?.Seconds();
        var tasks = Enumerable.Range(0, workers)
            .Select(i => Task.Run(() => WorkerLoopAsync(workload, target, i, recorders[i], loop, cancellationToken), cancellationToken))
            .ToArray();
        await Task.WhenAll(tasks);
        var cpuUsed = _serverCpu?.Seconds() - cpuAtStart;
        var elapsedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress.Report($"{title}: done", 1);

        var result = Summarize(workload, run, target.Endpoint, workers, startedAt, elapsedSeconds, recorders);
        return cpuUsed is { } seconds ? result with { ServerCpu = new ServerCpuUse(seconds, result.Total.Ops) } : result;
    }

    /// <summary>A scenario sets up, times and checks itself; its steady writer's puts are the report's ops.</summary>
    private async Task<RunResult> RunScenarioAsync(Workload workload, int run, CancellationToken cancellationToken)
    {
        ScenarioOutcome outcome;
        try
        {
            outcome = workload.Kind switch
            {
                WorkloadKind.ReplicaFill => await new ReplicaFillScenario(options, progress).RunAsync(cancellationToken),
                WorkloadKind.CatchUp => await new CatchUpScenario(options, progress).RunAsync(cancellationToken),
                WorkloadKind.GsiBackfill => await new GsiBackfillScenario(options, progress).RunAsync(cancellationToken),
                WorkloadKind.GsiLag => await new GsiLagScenario(options, progress).RunAsync(cancellationToken),
                WorkloadKind.TimeToLive => await new TimeToLiveScenario(options, progress).RunAsync(cancellationToken),
                _ => await new ReplicationLagScenario(options, progress).RunAsync(cancellationToken),
            };
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return FailedSetup(workload, run, options.Endpoint, error);
        }
        progress.Report($"{workload.Name}: done", 1);
        // The writer's workers: a scenario may add recorders of its own (probes, failed checks).
        return Summarize(workload, run, options.Endpoint, options.Concurrency, outcome.StartedAt, outcome.ElapsedSeconds, outcome.Recorders.ToArray())
            with
            {
                ReplicaFill = outcome.ReplicaFill, CatchUp = outcome.CatchUp, ReplicationLag = outcome.ReplicationLag,
                GsiBackfill = outcome.GsiBackfill, GsiLag = outcome.GsiLag, TimeToLive = outcome.TimeToLive, ServerCpu = outcome.ServerCpu,
            };
    }

    /// <summary>
    /// Every run sets up afresh, unless --reuse-table: then a workload sets up on its first run only,
    /// and a mix workload not at all once an earlier one has loaded the table.
    /// </summary>
    private bool NeedsSetup(Workload workload, int run)
    {
        if (!options.ReuseTable) return true;
        if (workload.Kind == WorkloadKind.Mix && _tableLoaded) return false;
        return run == 1;
    }

    private async Task WorkerLoopAsync(Workload workload, IBenchTarget target, int index, WorkerRecorder recorder, LoopState loop, CancellationToken cancellationToken)
    {
        var random = new Random(WorkerSeed(options.Seed, index));
        var worker = target.CreateWorker(index, random, recorder);
        while (loop.TryStart())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var operation = workload.NextOperation(random);
            var name = OperationNames.Name(operation);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var count = await worker.ExecuteAsync(operation, cancellationToken);
                lock (recorder) recorder.RecordSuccess(name, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds, count);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception error)
            {
                lock (recorder) recorder.RecordError(name, error);
            }
            loop.Complete(progress);
        }
    }

    private RunResult Summarize(
        Workload workload, int run, string endpoint, int workers, DateTimeOffset startedAt, double elapsedSeconds, WorkerRecorder[] recorders)
    {
        var names = workload.Operations.Select(OperationNames.Name).Distinct().ToList();
        var total = WorkerRecorder.NewHistogram();
        long totalOps = 0, totalErrors = 0;
        var operations = new List<OperationResult>();
        foreach (var name in names)
        {
            var histogram = Merge(recorders.Select(r => r.Operations.GetValueOrDefault(name)));
            var ops = recorders.Sum(r => r.OperationCounts.GetValueOrDefault(name));
            var errors = recorders.Sum(r => r.OperationErrors.GetValueOrDefault(name));
            total.Add(histogram);
            totalOps += ops;
            totalErrors += errors;
            operations.Add(OperationResult.From(name, histogram, ops, errors, elapsedSeconds));
        }
        var lags = recorders.SelectMany(r => r.Lags.Keys).Distinct().Order()
            .Select(region =>
            {
                var histogram = Merge(recorders.Select(r => r.Lags.GetValueOrDefault(region)));
                return OperationResult.From(region, histogram, histogram.TotalCount, 0, elapsedSeconds);
            })
            .ToList();
        var errorsByMessage = recorders.SelectMany(r => r.ErrorMessages)
            .GroupBy(e => e.Key)
            .Select(g => new ErrorCount(g.Key, g.Sum(e => e.Value)))
            .OrderByDescending(e => e.Count)
            .Take(10)
            .ToList();
        return new RunResult(
            options.Label,
            endpoint,
            workload.Name,
            run,
            options.Distribution.ToString().ToLowerInvariant(),
            options.Seed,
            options.Records,
            workers,
            options.ItemSizeBytes,
            startedAt,
            elapsedSeconds,
            OperationResult.From("total", total, totalOps, totalErrors, elapsedSeconds),
            operations,
            lags,
            errorsByMessage);
    }

    private RunResult FailedSetup(Workload workload, int run, string endpoint, Exception error)
    {
        var recorder = new WorkerRecorder();
        recorder.RecordError("setup", error);
        var failed = OperationResult.From("setup", WorkerRecorder.NewHistogram(), 0, 1, 0);
        return Summarize(workload, run, endpoint, options.Concurrency, DateTimeOffset.UtcNow, 0, [recorder]) with { Total = failed, Operations = [failed] };
    }

    private static LongHistogram Merge(IEnumerable<LongHistogram?> histograms)
    {
        var merged = WorkerRecorder.NewHistogram();
        foreach (var histogram in histograms)
        {
            if (histogram is not null) merged.Add(histogram);
        }
        return merged;
    }

    /// <summary>Shared by the workers of one run: decides when to stop and reports progress.</summary>
    private sealed class LoopState(long? ops, TimeSpan duration, string phase)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private long _issued;
        private long _completed;

        public bool TryStart() => ops is { } max
            ? Interlocked.Increment(ref _issued) <= max
            : Stopwatch.GetElapsedTime(_started) < duration;

        public void Complete(BenchProgress progress)
        {
            var completed = Interlocked.Increment(ref _completed);
            var fraction = ops is { } max
                ? (double)completed / max
                : Stopwatch.GetElapsedTime(_started) / duration;
            progress.Report(phase, fraction);
        }
    }
}
