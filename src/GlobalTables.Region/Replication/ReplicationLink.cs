using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Carries one table's local changes from this region to one peer. Each change is pushed straight
/// after its ack (the fast path); a journal reader resumes from the offset the peer stored and
/// delivers whatever the fast path did not confirm (the backstop), so nothing is lost across
/// failures and restarts. Apply is idempotent at the peer, so a change sent twice takes effect once.
/// </summary>
public sealed class ReplicationLink : IDisposable
{
    const int ConfirmedMax = 100_000;
    const int PushQueueMax = 50_000;

    readonly string _region;
    readonly string _tag;
    readonly string _table;
    readonly Func<ActorSelection?> _receiver;
    readonly Func<TimeSpan> _latency;
    readonly JournalTail _journal;
    readonly ReplicationLinkSettings _settings;
    readonly TimeSpan _askTimeout;
    readonly ILoggingAdapter _log;
    readonly ConcurrentDictionary<(ItemKey, Version), byte> _confirmed = new();
    readonly Channel<ItemChanged> _pushes = Channel.CreateUnbounded<ItemChanged>(new UnboundedChannelOptions { SingleReader = true });
    readonly Func<Task<IReadOnlyList<ItemChanged>>>? _snapshot;
    readonly CancellationTokenSource _stop = new();
    /// <summary>Released when the peer is known to be reachable again, to cut a retry delay short.</summary>
    readonly SemaphoreSlim _wake = new(0, 1);
    /// <summary>Changes in <see cref="_pushes"/>; a single-reader channel does not count them.</summary>
    long _queued;
    /// <summary>The journal ordering up to which the peer has every change of the table: the backlog starts after it.</summary>
    long _acknowledged;
    /// <summary>The newest journal ordering the backstop has seen, so that looking for newer rows scans only those.</summary>
    long _newestSeen;
    readonly TimeProvider _time;
    readonly DateTimeOffset _startedAt;
    /// <summary>UTC ticks of the last read after which the peer held every change of the table; 0 before the first.</summary>
    long _caughtUpTicks;
    /// <summary>1 once the peer was found fallen behind, until a refill has reached it.</summary>
    int _refillOwed;

    public string Peer { get; }
    public string Tag => _tag;
    public ReplicationMetrics Metrics { get; } = new();

    public ReplicationLink(ActorSystem system, string region, string tag, string table, string peer,
        Func<ActorSelection?> receiver, Func<TimeSpan> latency, string connectionString, TimeSpan askTimeout, ReplicationLinkSettings settings,
        TimeProvider time, Func<Task<IReadOnlyList<ItemChanged>>>? snapshot = null)
    {
        _time = time;
        _startedAt = time.GetUtcNow();
        _snapshot = snapshot;
        _region = region;
        _tag = tag;
        _table = table;
        Peer = peer;
        _receiver = receiver;
        _latency = latency;
        _journal = new JournalTail(system, connectionString, tag);
        _settings = settings;
        _askTimeout = askTimeout;
        _log = Logging.GetLogger(system, $"replication {region}->{peer} {table}");
        _ = RunPushesAsync(_stop.Token);
        _ = RunBackstopAsync(_stop.Token);
    }

    /// <summary>
    /// The fast path: send a just-persisted change now. Failures are left to the backstop, and so are
    /// changes beyond <see cref="PushQueueMax"/> waiting to go (a bulk load faster than the peer applies).
    /// </summary>
    public void Push(ItemChanged change)
    {
        Metrics.Sent();
        if (Interlocked.Increment(ref _queued) > PushQueueMax || !_pushes.Writer.TryWrite(change))
        {
            Interlocked.Decrement(ref _queued);
            Metrics.Settled();
        }
    }

    /// <summary>
    /// Sends pushes with at most <see cref="ReplicationLinkSettings.PushesInFlightMax"/> messages unanswered; whatever
    /// queues up meanwhile goes as one message. A lone write goes at once; under load, one message carries
    /// many changes, so the remote transport's cost per message is paid once per batch, not per write.
    /// </summary>
    async Task RunPushesAsync(CancellationToken ct)
    {
        // Not disposed: pushes still in flight when the link closes release it after this loop has ended.
        var inFlight = new SemaphoreSlim(_settings.PushesInFlightMax);
        try
        {
            while (await _pushes.Reader.WaitToReadAsync(ct))
            {
                await inFlight.WaitAsync(ct);
                var batch = new List<ItemChanged>();
                long bytes = 0;
                while (batch.Count < _settings.PushBatchMax && _pushes.Reader.TryPeek(out var next)
                       && (batch.Count == 0 || bytes + WireSize(next) <= _settings.ChunkBytesMax))
                {
                    _pushes.Reader.TryRead(out _);
                    Interlocked.Decrement(ref _queued);
                    batch.Add(next);
                    bytes += WireSize(next);
                }
                _ = PushAsync(batch).ContinueWith(_ => inFlight.Release(), TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed; the backstop of the next link delivers whatever was queued.
        }
    }

    async Task PushAsync(List<ItemChanged> changes)
    {
        try
        {
            var delay = _latency();
            if (delay > TimeSpan.Zero) await Task.Delay(delay, _stop.Token);
            if (_receiver() is not { } receiver) return;
            await receiver.Ask<BatchApplied>(new ReplicateBatch(_region, _tag, _table, changes, null, 0), _askTimeout);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var change in changes)
            {
                _confirmed[(change.Key, change.Version)] = 0;
                Metrics.Record(now - change.Version.Stamp.PhysicalMs);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.Debug("Fast path to {0} failed ({1}); the backstop will deliver", Peer, e.Message);
        }
        finally
        {
            for (int i = 0; i < changes.Count; i++) Metrics.Settled();
        }
    }

    /// <summary>
    /// The link's metrics, with its backlog counted in this table's journal rows after the destination's acknowledged
    /// offset: the writes made here that the peer may not have. Pushes the peer confirmed ahead of that offset still
    /// count until the backstop passes them (within its poll interval). Orderings alone would count every table's rows.
    /// </summary>
    public ReplicationLatency Snapshot() => Metrics.Snapshot(_journal.CountAfter(Interlocked.Read(ref _acknowledged)));

    /// <summary>
    /// The peer holds every change this region's journal had confirmed before this time; <see cref="DateTimeOffset.MinValue"/>
    /// until it is known: from this link, or from what an earlier link stored at the peer. The partitions keep the journal
    /// rows after it (docs/bounded-state.md).
    /// </summary>
    public DateTimeOffset CaughtUpAt =>
        Interlocked.Read(ref _caughtUpTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : DateTimeOffset.MinValue;

    /// <summary>
    /// The peer has not caught up for longer than <see cref="ReplicationLinkSettings.PeerHoldMax"/> (counted from the link's
    /// start when that is not known): it holds the journal no more, and is refilled from a snapshot when it is reached again.
    /// </summary>
    public bool FallenBehind(DateTimeOffset now)
    {
        if (Volatile.Read(ref _refillOwed) == 1) return true;
        var since = Interlocked.Read(ref _caughtUpTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : _startedAt;
        if (now - since <= _settings.PeerHoldMax) return false;
        // Once found behind, the journal may be deleted past what the peer has: it is owed a refill, caught up or not.
        if (Interlocked.Exchange(ref _refillOwed, 1) == 0)
            _log.Warning("{0} fell behind the retained journal; it will be refilled from a snapshot", Peer);
        return true;
    }

    /// <summary>The peer can be reached again: resume now rather than when the retry delay ends.</summary>
    public void Wake()
    {
        try { _wake.Release(); }
        catch (SemaphoreFullException) { }
        catch (ObjectDisposedException) { }
    }

    ActorSelection Receiver() => _receiver() ?? throw new InvalidOperationException($"No address for {Peer}");

    async Task RunBackstopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var stored = await Receiver().Ask<ReplicationOffset>(new GetReplicationOffset(_region, _tag), _askTimeout);
                var offset = stored.Ordering;
                // What an earlier link (before a restart, or before the replica set changed) knew of this peer.
                InterlockedMax(ref _caughtUpTicks, stored.CaughtUpTicks);
                long target = _journal.NewestOrdering(Math.Max(offset, _newestSeen));
                Interlocked.Exchange(ref _acknowledged, offset);
                _newestSeen = target;
                bool behind = offset > 0 && FallenBehind(_time.GetUtcNow());
                if ((offset == 0 || behind) && target > 0 && _snapshot is not null)
                {
                    // target was read before the snapshot, so the fill holds every change confirmed before now.
                    var fillAt = _time.GetUtcNow();
                    await FillFromSnapshotAsync(target, fillAt);
                    InterlockedMax(ref _caughtUpTicks, fillAt.UtcTicks);
                    Volatile.Write(ref _refillOwed, 0);
                    offset = target;
                }
                if (offset >= target) await SendAsync([], offset, target);
                await TailAsync(offset, target, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                _log.Warning("Backstop to {0} stopped ({1}); resuming from the stored offset", Peer, e.Message);
                try { await _wake.WaitAsync(_settings.RetryDelay, ct); } catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>
    /// Reads the journal after <paramref name="offset"/> page by page and sends what the fast path did not
    /// confirm, several chunks in flight. Chunks may be applied out of order, so each carries only the
    /// acknowledged watermark (every row up to it applied) for the peer to store, never its own last row:
    /// after a restart the peer resumes at or before the first chunk that might be missing.
    /// </summary>
    async Task TailAsync(long offset, long target, CancellationToken ct)
    {
        var window = new Queue<(Task Sent, long UpTo)>();
        long acknowledged = offset, stored = offset, position = offset;
        var caughtUpStored = DateTimeOffset.MinValue;
        // An empty message first: a peer that still refuses (isolated, table not there yet) costs one
        // round trip per retry, not a page read and a window of chunks it would throw away.
        await SendAsync([], null, target);

        void Retire()
        {
            while (window.Count > 0 && window.Peek().Sent.IsCompleted)
            {
                var (sent, upTo) = window.Dequeue();
                sent.GetAwaiter().GetResult(); // rethrows a failed send: the link restarts from the stored offset
                acknowledged = upTo;
                Interlocked.Exchange(ref _acknowledged, acknowledged);
            }
        }

        // A peer found fallen behind goes back to the start, to be refilled: rows it lacks may be gone.
        while (!ct.IsCancellationRequested && Volatile.Read(ref _refillOwed) == 0)
        {
            var readAt = _time.GetUtcNow();
            var page = _journal.Read(position, _settings.PageRowsMax);
            position = page.ScannedTo;
            _newestSeen = Math.Max(_newestSeen, position);
            var unconfirmed = page.Changes.Where(c => !_confirmed.TryRemove((c.Key, c.Version), out _)).ToList();
            // A push confirmed after the backstop had already read its row is never looked up again;
            // forgetting confirmations only costs a resend, so bound them rather than let them pile up.
            if (_confirmed.Count > ConfirmedMax) _confirmed.Clear();
            var chunks = Chunk(unconfirmed, c => c.Encoded.Length);
            for (int i = 0; i < chunks.Count; i++)
            {
                while (window.Count >= _settings.ChunksInFlightMax)
                {
                    await Task.WhenAny(window.Peek().Sent);
                    Retire();
                }
                long? store = acknowledged > stored ? acknowledged : null;
                if (store is not null) stored = acknowledged;
                var rows = new EncodedChanges(chunks[i].Select(c => c.Encoded).ToList());
                window.Enqueue((SendAsync(rows, store, target), i == chunks.Count - 1 ? position : chunks[i][^1].Ordering));
            }
            // Rows that need no sending (confirmed, or other tables') still move the watermark.
            if (chunks.Count == 0) window.Enqueue((Task.CompletedTask, position));
            Retire();

            if (page.Full) continue;
            while (window.Count > 0)
            {
                await Task.WhenAny(window.Peek().Sent);
                Retire();
            }
            // Every row committed before the read is at or below position, and the peer has applied them all.
            bool caughtUp = acknowledged >= position;
            if (caughtUp) InterlockedMax(ref _caughtUpTicks, readAt.UtcTicks);
            // The peer stores it too, now and then, for the next link to know how long it has been behind.
            bool storeCaughtUp = caughtUp && readAt - caughtUpStored >= _settings.CaughtUpStoreInterval;
            if (acknowledged > stored || storeCaughtUp)
            {
                await SendAsync([], acknowledged, target, storeCaughtUp ? readAt.UtcTicks : null);
                stored = acknowledged;
                if (storeCaughtUp) caughtUpStored = readAt;
            }
            await Task.Delay(_settings.PollInterval, ct);
        }
    }

    /// <summary>
    /// A generous estimate of a change's wire form, for changes that are not encoded yet (pushes, the snapshot fill):
    /// attribute values with their type tags, the key, the Version and two Contexts. Journal rows go by their real length.
    /// </summary>
    static long WireSize(ItemChanged change) => 2L * ItemSize.Of(change.NewImage) + 256 + 64L * change.Context.Entries.Count;

    /// <summary>Splits changes into messages of about <see cref="ReplicationLinkSettings.ChunkBytesMax"/> each, in order.</summary>
    List<List<T>> Chunk<T>(IReadOnlyList<T> changes, Func<T, long> sizeOf)
    {
        var chunks = new List<List<T>>();
        long bytes = 0;
        foreach (var c in changes)
        {
            long size = sizeOf(c);
            if (chunks.Count == 0 || (chunks[^1].Count > 0 && bytes + size > _settings.ChunkBytesMax))
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
    async Task FillFromSnapshotAsync(long target, DateTimeOffset fillAt)
    {
        var items = await _snapshot!();
        var chunks = Chunk(items, WireSize);
        var receiver = Receiver();
        // Each item appears once and applying is idempotent, so chunks can be in flight together.
        // Progress counts one more than the items: chunks finish out of order, so only the final
        // offset below, sent once every chunk is acknowledged, may complete the fill.
        using var inFlight = new SemaphoreSlim(_settings.SnapshotChunksInFlightMax);
        long sent = 0;
        var sends = new List<Task>();
        foreach (var chunk in chunks)
        {
            await inFlight.WaitAsync();
            sent += chunk.Count;
            var message = new ReplicateBatch(_region, _tag, _table, chunk, null, target, (sent, items.Count + 1L));
            sends.Add(Release(receiver.Ask<BatchApplied>(message, _askTimeout)));
        }
        await Task.WhenAll(sends);
        await SendAsync([], target, target, fillAt.UtcTicks);

        async Task Release(Task sending)
        {
            try { await sending; }
            finally { inFlight.Release(); }
        }
    }

    async Task SendAsync(IReadOnlyList<ItemChanged> changes, long? upTo, long target, long? caughtUpTicks = null)
    {
        var receiver = Receiver();
        var delay = _latency();
        if (delay > TimeSpan.Zero && changes.Count > 0) await Task.Delay(delay);
        await receiver.Ask<BatchApplied>(new ReplicateBatch(_region, _tag, _table, changes, upTo, target, CaughtUpTicks: caughtUpTicks), _askTimeout);
        if (upTo is { } acked) InterlockedMax(ref _acknowledged, acked);
    }

    static void InterlockedMax(ref long field, long value)
    {
        for (long seen = Interlocked.Read(ref field); seen < value; seen = Interlocked.Read(ref field))
            if (Interlocked.CompareExchange(ref field, value, seen) == seen) return;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _pushes.Writer.TryComplete();
        _stop.Dispose();
    }
}
