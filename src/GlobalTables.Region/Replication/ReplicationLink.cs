using System.Collections.Concurrent;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using Microsoft.Data.Sqlite;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Carries one table's local changes from this region to one peer. Each change is pushed straight
/// after its ack (the fast path); a journal reader resumes from the offset the peer stored and
/// delivers whatever the fast path did not confirm (the backstop), so nothing is lost across
/// failures and restarts. Apply is idempotent at the peer, so a change sent twice takes effect once.
/// </summary>
public sealed class ReplicationLink : IDisposable
{
    const int BatchSizeMax = 500;
    static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);
    static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    readonly ActorSystem _system;
    readonly SqlReadJournal _journal;
    readonly string _region;
    readonly string _tag;
    readonly string _table;
    readonly Func<ActorSelection?> _receiver;
    readonly Func<TimeSpan> _latency;
    readonly string _connectionString;
    readonly TimeSpan _askTimeout;
    readonly ILoggingAdapter _log;
    readonly ConcurrentDictionary<(ItemKey, Version), byte> _confirmed = new();
    readonly Func<Task<IReadOnlyList<ItemChanged>>>? _snapshot;
    readonly CancellationTokenSource _stop = new();

    public string Peer { get; }
    public string Tag => _tag;
    public ReplicationMetrics Metrics { get; } = new();

    public ReplicationLink(ActorSystem system, SqlReadJournal journal, string region, string tag, string table, string peer,
        Func<ActorSelection?> receiver, Func<TimeSpan> latency, string connectionString, TimeSpan askTimeout,
        Func<Task<IReadOnlyList<ItemChanged>>>? snapshot = null)
    {
        _snapshot = snapshot;
        _system = system;
        _journal = journal;
        _region = region;
        _tag = tag;
        _table = table;
        Peer = peer;
        _receiver = receiver;
        _latency = latency;
        _connectionString = connectionString;
        _askTimeout = askTimeout;
        _log = Logging.GetLogger(system, $"replication {region}->{peer} {table}");
        _ = RunBackstopAsync(_stop.Token);
    }

    /// <summary>The fast path: send a just-persisted change now. Failures are left to the backstop.</summary>
    public void Push(ItemChanged change) => _ = PushAsync(change);

    async Task PushAsync(ItemChanged change)
    {
        Metrics.Sent();
        try
        {
            var delay = _latency();
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _stop.Token);
            if (_receiver() is not { } receiver) return;
            await receiver.Ask<BatchApplied>(new ReplicateBatch(_region, _tag, _table, [change], null, 0), _askTimeout);
            _confirmed[(change.Key, change.Version)] = 0;
            Metrics.Record(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - change.Version.Stamp.PhysicalMs);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Debug("Fast path to {0} failed ({1}); the backstop will deliver", Peer, e.Message);
        }
        finally
        {
            Metrics.Settled();
        }
    }

    async Task RunBackstopAsync(CancellationToken ct)
    {
        var materializer = _system.Materializer();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var receiver = _receiver() ?? throw new InvalidOperationException($"No address for {Peer}");
                var offset = (await receiver.Ask<ReplicationOffset>(new GetReplicationOffset(_region, _tag), _askTimeout)).Ordering;
                long target = NewestTaggedOrdering();
                Interlocked.Exchange(ref Metrics.AckedOrdering, offset);
                Interlocked.Exchange(ref Metrics.JournalOrdering, Math.Max(target, offset));
                if (offset == 0 && target > 0 && _snapshot is not null)
                {
                    await FillFromSnapshotAsync(target);
                    offset = target;
                }
                if (offset >= target) await SendAsync([], offset, target);

                var (kill, done) = _journal.EventsByTag(_tag, Offset.Sequence(offset))
                    .Select(e => (Ordering: ((Sequence)e.Offset).Value, Change: (ItemChanged)e.Event))
                    .GroupedWithin(BatchSizeMax, BatchWindow)
                    .SelectAsync(1, async batch =>
                    {
                        var last = batch.Last().Ordering;
                        Interlocked.Exchange(ref Metrics.JournalOrdering, Math.Max(Interlocked.Read(ref Metrics.JournalOrdering), last));
                        var unconfirmed = batch.Where(b => !_confirmed.TryRemove((b.Change.Key, b.Change.Version), out _)).ToList();
                        // Akka.Remote drops a message above its frame size (128 kB by default) and the ask
                        // would time out forever, so a batch goes in chunks of bounded size, in journal order.
                        var chunks = Chunk(unconfirmed);
                        for (int i = 0; i < chunks.Count; i++)
                            await SendAsync(chunks[i].Select(b => b.Change).ToList(), i == chunks.Count - 1 ? last : chunks[i][^1].Ordering, target);
                        return NotUsed.Instance;
                    })
                    .ViaMaterialized(KillSwitches.Single<NotUsed>(), Keep.Right)
                    .ToMaterialized(Sink.Ignore<NotUsed>(), Keep.Both)
                    .Run(materializer);
                await using (ct.Register(() => kill.Shutdown()))
                    await done;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _log.Warning("Backstop to {0} stopped ({1}); resuming from the stored offset", Peer, e.Message);
                try { await Task.Delay(RetryDelay, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>Roughly how many bytes of a remote message a batch may fill: well under the 128 kB frame.</summary>
    const int ChunkBytesMax = 80 * 1024;
    const int SnapshotChunksInFlightMax = 4;

    static List<List<(long Ordering, ItemChanged Change)>> Chunk(List<(long Ordering, ItemChanged Change)> changes)
    {
        var chunks = new List<List<(long, ItemChanged)>> { new() };
        long bytes = 0;
        foreach (var c in changes)
        {
            // The wire form is JSON: attribute values with their type tags, the key, the Version and two Contexts.
            long size = 2L * ItemSize.Of(c.Change.NewImage) + 256 + 64L * c.Change.Context.Entries.Count;
            if (chunks[^1].Count > 0 && bytes + size > ChunkBytesMax)
            {
                chunks.Add(new());
                bytes = 0;
            }
            chunks[^1].Add(c);
            bytes += size;
        }
        return chunks;
    }

    /// <summary>
    /// A new replica gets this region's items as they stand, not the journal's whole history: each item once,
    /// with its Version, Context and lineage, tombstones too. The journal then resumes after <paramref name="target"/>,
    /// which was read before the snapshot, so a change made meanwhile is sent again, and applied once.
    /// </summary>
    async Task FillFromSnapshotAsync(long target)
    {
        var items = await _snapshot!();
        var chunks = Chunk(items.Select(i => (0L, i)).ToList());
        var receiver = _receiver() ?? throw new InvalidOperationException($"No address for {Peer}");
        // Each item appears once and applying is idempotent, so chunks can be in flight together.
        using var inFlight = new SemaphoreSlim(SnapshotChunksInFlightMax);
        long sent = 0;
        var sends = new List<Task>();
        foreach (var chunk in chunks)
        {
            await inFlight.WaitAsync();
            sent += chunk.Count;
            var message = new ReplicateBatch(_region, _tag, _table, chunk.Select(c => c.Change).ToList(), null, target, (sent, items.Count));
            sends.Add(receiver.Ask<BatchApplied>(message, _askTimeout).ContinueWith(t => { inFlight.Release(); return t; }).Unwrap());
        }
        await Task.WhenAll(sends);
        await SendAsync([], target, target);
    }

    async Task SendAsync(IReadOnlyList<ItemChanged> changes, long upTo, long target)
    {
        var receiver = _receiver() ?? throw new InvalidOperationException($"No address for {Peer}");
        var delay = _latency();
        if (delay > TimeSpan.Zero && changes.Count > 0) await Task.Delay(delay);
        await receiver.Ask<BatchApplied>(new ReplicateBatch(_region, _tag, _table, changes, upTo, target), _askTimeout);
        Interlocked.Exchange(ref Metrics.AckedOrdering, upTo);
    }

    /// <summary>The newest journal row of this table's local changes: how far a new replica must be filled.</summary>
    long NewestTaggedOrdering()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal WHERE tags LIKE $tag";
        command.Parameters.AddWithValue("$tag", "%" + _tag + "%");
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
