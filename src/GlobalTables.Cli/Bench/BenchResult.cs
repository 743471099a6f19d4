using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;

namespace GlobalTables.Cli.Bench;

/// <summary>Throughput and latency of one operation (or one replica's lag) in one run. Latencies in microseconds.</summary>
public sealed record OperationResult(
    string Name,
    long Ops,
    long Errors,
    double OpsPerSecond,
    double MeanUs,
    long P50Us,
    long P99Us,
    long P999Us,
    long MaxUs)
{
    public static OperationResult From(string name, LongHistogram histogram, long ops, long errors, double elapsedSeconds)
    {
        var empty = histogram.TotalCount == 0;
        return new OperationResult(
            name,
            ops,
            errors,
            elapsedSeconds > 0 ? ops / elapsedSeconds : 0,
            empty ? 0 : histogram.GetMean(),
            empty ? 0 : histogram.GetValueAtPercentile(50),
            empty ? 0 : histogram.GetValueAtPercentile(99),
            empty ? 0 : histogram.GetValueAtPercentile(99.9),
            empty ? 0 : histogram.GetMaxValue());
    }
}

public sealed record ErrorCount(string Message, long Count);

/// <summary>One run of one workload against one system.</summary>
public sealed record RunResult(
    string Label,
    string Endpoint,
    string Workload,
    int Run,
    string Distribution,
    int Seed,
    long Records,
    int Concurrency,
    int ItemSizeBytes,
    DateTimeOffset StartedAt,
    double ElapsedSeconds,
    OperationResult Total,
    IReadOnlyList<OperationResult> Operations,
    IReadOnlyList<OperationResult> ReplicationLags,
    IReadOnlyList<ErrorCount> Errors,
    ReplicaFillResult? ReplicaFill = null,
    CatchUpResult? CatchUp = null,
    ReplicationLagResult? ReplicationLag = null,
    ServerCpuUse? ServerCpu = null,
    GsiBackfillResult? GsiBackfill = null,
    GsiLagResult? GsiLag = null,
    TimeToLiveResult? TimeToLive = null);

/// <summary>One reading of a new replica's ReplicaStatusPercentProgress, seconds after UpdateTable.</summary>
public sealed record FillPoint(double Seconds, int Percent);

/// <summary>
/// What the replica-fill workload measured: the time from UpdateTable (ReplicaUpdates Create) until
/// the new replica is ACTIVE, for <paramref name="Items"/> loaded items, while a writer kept writing.
/// </summary>
public sealed record ReplicaFillResult(
    string SourceRegion,
    string ReplicaRegion,
    long Items,
    double LoadSeconds,
    double FillSeconds,
    double ItemsPerSecond,
    long WritesDuringFill,
    double WriteRatePerSecond,
    long ReplicaItemCount,
    IReadOnlyList<FillPoint> Progress);

/// <summary>
/// What the catch-up workload measured. The backlog is journal rows of the source not yet acknowledged
/// by the isolated replica; drained means the replica acknowledged every row that was in the source's
/// journal at heal. <paramref name="Ratio"/> is how many times faster the backlog drained than it
/// built up: isolation time over drain time.
/// </summary>
public sealed record CatchUpResult(
    string SourceRegion,
    string ReplicaRegion,
    double IsolationSeconds,
    long WritesDuringIsolation,
    double BuildRatePerSecond,
    long BacklogAtHeal,
    double DrainSeconds,
    double DrainRatePerSecond,
    double Ratio,
    long WritesDuringDrain,
    bool LastWriteArrived);

/// <summary>
/// What the replication-lag workload measured: ReplicationLatency of the link (write's HLC stamp to the peer's
/// acknowledgement), read once a second while the writer ran; the mean of the readings' p50 and the worst p99.
/// </summary>
public sealed record ReplicationLagResult(
    string SourceRegion,
    string ReplicaRegion,
    double TargetRatePerSecond,
    double WriteRatePerSecond,
    double MeanP50Ms,
    double WorstP99Ms,
    double LastP50Ms,
    double LastP99Ms,
    int Readings);

/// <summary>
/// What the ttl-delete workload measured: the time from DescribeTimeToLive's ENABLED until ItemCount read 0, for
/// <paramref name="Items"/> items loaded already expired; <paramref name="EnablingSeconds"/> is the wait for ENABLED.
/// <paramref name="ServerCpu"/> is over the deletion, per item.
/// </summary>
public sealed record TimeToLiveResult(
    string Region,
    long Items,
    double LoadSeconds,
    double EnablingSeconds,
    double DeleteSeconds,
    double ItemsPerSecond,
    IReadOnlyList<FillPoint> Progress,
    ServerCpuUse? ServerCpu);

/// <summary>
/// What the gsi-backfill workload measured: the time from UpdateTable (GlobalSecondaryIndexUpdates Create) until the
/// index is ACTIVE, for <paramref name="Items"/> loaded items, while a writer kept overwriting them; then a Scan of the
/// index, which must return each of the table's items once. <paramref name="ServerCpu"/> is over the backfill, per item.
/// </summary>
public sealed record GsiBackfillResult(
    string Region,
    string IndexName,
    long Items,
    double LoadSeconds,
    double BackfillSeconds,
    double ItemsPerSecond,
    long WritesDuringBackfill,
    double WriteRatePerSecond,
    long TableItemCount,
    long IndexItemsScanned,
    long IndexItemsDistinct,
    IReadOnlyList<FillPoint> Progress,
    ServerCpuUse? ServerCpu)
{
    public bool EveryItemOnce => IndexItemsScanned == IndexItemsDistinct && IndexItemsDistinct == TableItemCount;
}

/// <summary>
/// What the gsi-lag workload measured while a writer held its rate: the server's own index lag, read once a second
/// from GET /_admin/indexes (null figures and <paramref name="AdminError"/> when that could not be read), and the
/// client's: for 1 in <see cref="IndexVisibilityProbe.SampleEvery"/> writes, the time from the PutItem's
/// acknowledgement to the first Query of the index that finds the item.
/// </summary>
public sealed record GsiLagResult(
    string Region,
    string IndexName,
    double TargetRatePerSecond,
    double WriteRatePerSecond,
    int Readings,
    double? MeanP50Ms,
    double? WorstP99Ms,
    double? LastP50Ms,
    double? LastP99Ms,
    string? AdminError,
    long VisibilitySamples,
    double VisibleP50Ms,
    double VisibleP99Ms,
    long VisibilityFailures);

/// <summary>What --json writes: every run of one bench invocation, and the machine it ran on.</summary>
public sealed record BenchFile(
    string Tool,
    string Machine,
    int ProcessorCount,
    string Framework,
    IReadOnlyList<RunResult> Results)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static BenchFile ForThisMachine(IReadOnlyList<RunResult> results) => new(
        "globaltables bench",
        Environment.MachineName,
        Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        results);

    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);
    }

    public static async Task<BenchFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BenchFile>(stream, JsonOptions, cancellationToken)
            ?? throw new InvalidDataException($"{path} holds no bench results.");
    }
}

/// <summary>The server's CPU (read from /proc/PID/stat, <see cref="ServerCpu"/>) over one run's window, and the ops it is divided by.</summary>
public sealed record ServerCpuUse(double Seconds, long Ops)
{
    public double UsPerOp => Ops > 0 ? Seconds * 1e6 / Ops : 0;
}
