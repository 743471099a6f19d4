using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// The gsi-backfill workload: a fresh table with --gsis GSIs, --records items loaded with BatchWriteItem (each
/// already carrying the keys of one index more); then, while a <see cref="SteadyWriter"/> overwrites loaded items at
/// --rate, UpdateTable GlobalSecondaryIndexUpdates Create of that index, and DescribeTable polled until its
/// IndexStatus is ACTIVE. The backfill rate is items over the time from UpdateTable to ACTIVE. Then the writer stops
/// and a Scan of the new index must return each of the table's items exactly once.
/// </summary>
public sealed class GsiBackfillScenario(BenchOptions options, BenchProgress progress)
{
    /// <summary>The writer's rate, the DescribeTable polls and the patience are replica-fill's, so the two fills compare.</summary>
    public const double RateDefault = ReplicaFillScenario.RateDefault;
    /// <summary>The check's Scan of the index runs in this many segments at once.</summary>
    const int ScanSegments = 4;

    public async Task<ScenarioOutcome> RunAsync(CancellationToken ct)
    {
        var existing = options.GlobalSecondaryIndexes;
        var indexes = new BenchIndexes(existing + 1, options.Records, options.GlobalSecondaryIndexProjection) { Defined = existing };
        var created = indexes.Count;
        var indexName = BenchIndexes.IndexName(created);
        long records = options.Records;
        using var client = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 5);
        var table = new BenchTable(client, options.Table) { Indexes = indexes };
        var values = new ItemValues(options.ItemSizeBytes, options.Seed);

        progress.Report($"creating {options.Table} with {existing} GSIs", 0);
        await table.RecreateAsync(withStream: false, ct);
        var loading = Stopwatch.StartNew();
        await table.LoadAsync(records, options.Concurrency, values, progress, ct);
        var loadSeconds = loading.Elapsed.TotalSeconds;

        using var writerClient = BenchClient.Create(options.Endpoint, options.Region, options.Concurrency, retries: 0);
        await using var writer = new SteadyWriter(writerClient, options.Table, values, options.Rate ?? RateDefault, options.Concurrency, options.WriteBatch,
            SteadyWriter.Overwrites(records)) { Indexes = indexes };
        writer.Start();

        var cpu = ServerCpu.For(options.ServerPid);
        var cpuAtStart = cpu?.Seconds();
        var startedAt = DateTimeOffset.UtcNow;
        var backfilling = Stopwatch.StartNew();
        var ackedAtStart = writer.Acknowledged;
        await CreateIndexAsync(client, indexes, created, ct);
        var curve = new List<FillPoint>();
        var deadline = ReplicaFillScenario.FillDeadline(records);
        while (true)
        {
            var index = (await table.DescribeAsync(ct))?.GlobalSecondaryIndexes?.FirstOrDefault(i => i.IndexName == indexName)
                ?? throw new InvalidOperationException($"UpdateTable accepted {indexName}, but DescribeTable does not list it.");
            if (index.IndexStatus == IndexStatus.ACTIVE) break;
            var percent = (int)Math.Min(100, (index.ItemCount ?? 0) * 100 / records);
            if (curve.Count == 0 || curve[^1].Percent != percent) curve.Add(new FillPoint(backfilling.Elapsed.TotalSeconds, percent));
            progress.Report($"backfilling {indexName} ({index.IndexStatus}{(index.Backfilling == true ? ", Backfilling" : "")})", percent / 100.0);
            if (backfilling.Elapsed > deadline) throw new TimeoutException($"{indexName} was not ACTIVE within {deadline.TotalSeconds:F0} s.");
            await Task.Delay(ReplicaFillScenario.PollInterval, ct);
        }
        var backfillSeconds = backfilling.Elapsed.TotalSeconds;
        var cpuUsed = cpu?.Seconds() - cpuAtStart;
        curve.Add(new FillPoint(backfillSeconds, 100));
        var written = writer.Acknowledged - ackedAtStart;
        var recorders = (await writer.StopAsync()).ToList();

        progress.Report($"scanning {indexName}", 1);
        var tableItems = (await table.DescribeAsync(ct))?.ItemCount ?? 0;
        var (scanned, distinct) = await ScanIndexAsync(client, indexName, ct);
        var result = new GsiBackfillResult(options.Region, indexName, records, loadSeconds, backfillSeconds, records / backfillSeconds,
            written, written / backfillSeconds, tableItems, scanned, distinct, curve,
            cpuUsed is { } seconds ? new ServerCpuUse(seconds, records) : null);
        if (!result.EveryItemOnce)
            recorders.Add(WorkerRecorder.Failure("check", $"a Scan of {indexName} returned {scanned:N0} items ({distinct:N0} distinct) where the table holds {tableItems:N0}"));
        return new ScenarioOutcome(startedAt, backfillSeconds, recorders) { GsiBackfill = result };
    }

    /// <summary>UpdateTable GlobalSecondaryIndexUpdates Create; a refusal is rethrown saying what was refused.</summary>
    async Task CreateIndexAsync(IAmazonDynamoDB client, BenchIndexes indexes, int index, CancellationToken ct)
    {
        var request = new UpdateTableRequest
        {
            TableName = options.Table,
            AttributeDefinitions = BenchIndexes.AttributeDefinitions(index),
            GlobalSecondaryIndexUpdates =
            [
                new GlobalSecondaryIndexUpdate
                {
                    Create = new CreateGlobalSecondaryIndexAction
                    {
                        IndexName = BenchIndexes.IndexName(index),
                        KeySchema = BenchIndexes.KeySchema(index),
                        Projection = indexes.Projection,
                    },
                },
            ],
        };
        try
        {
            await client.UpdateTableAsync(request, ct);
        }
        catch (AmazonDynamoDBException error)
        {
            throw new InvalidOperationException(
                $"UpdateTable GlobalSecondaryIndexUpdates Create {BenchIndexes.IndexName(index)} was refused: {error.ErrorCode}: {error.Message}", error);
        }
    }

    /// <summary>Every item of the index by a parallel Scan: how many came back, and how many distinct table keys.</summary>
    async Task<(long Scanned, long Distinct)> ScanIndexAsync(IAmazonDynamoDB client, string indexName, CancellationToken ct)
    {
        var segments = await Task.WhenAll(Enumerable.Range(0, ScanSegments).Select(segment => ScanSegmentAsync(client, indexName, segment, ct)));
        var distinct = new HashSet<long>();
        foreach (var keys in segments) distinct.UnionWith(keys);
        return (segments.Sum(keys => (long)keys.Count), distinct.Count);
    }

    async Task<List<long>> ScanSegmentAsync(IAmazonDynamoDB client, string indexName, int segment, CancellationToken ct)
    {
        var keys = new List<long>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest
            {
                TableName = options.Table,
                IndexName = indexName,
                Segment = segment,
                TotalSegments = ScanSegments,
                ProjectionExpression = "#pk, #sk",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#pk"] = KeySpace.PartitionKeyName, ["#sk"] = KeySpace.SortKeyName },
                ExclusiveStartKey = start,
            }, ct);
            foreach (var item in page.Items)
                keys.Add(KeySpace.Record(item[KeySpace.PartitionKeyName].S, long.Parse(item[KeySpace.SortKeyName].N, System.Globalization.CultureInfo.InvariantCulture)));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        } while (start is not null);
        return keys;
    }
}
