using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Partitions;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Region.Replication;

/// <summary>
/// Carries one table's local changes from this region to one peer; a child of the <see cref="ReplicationHub"/>. Each change
/// is pushed straight after its ack (the fast path). A backstop reads each partition's journal through Akka.Persistence.Query,
/// by persistence id and sequence number, from where the peer stored that it holds every change, and sends what the pushes
/// did not confirm, so nothing is lost across failures and restarts, on any SQL journal (<see cref="PartitionCursors"/>).
/// Apply is idempotent at the peer, so a change sent twice takes effect once. Reads and sends run as tasks whose results
/// are piped back here; a generation number discards the results of a pass that a failure abandoned. It sends to one node
/// of the peer at a time, and after a failure to the next one it knows (<see cref="PeerContacts"/>).
/// </summary>
public sealed class ReplicationLink : ReceiveActor, IWithTimers
{
    const int PushQueueMax = 50_000;

    /// <summary>Asks for the link's state; replies <see cref="LinkStatus"/>.</summary>
    public sealed record GetLinkStatus(DateTimeOffset Now);

    /// <param name="CaughtUpAt">The peer holds every change this region's journal had confirmed before this time; MinValue until known.</param>
    /// <param name="FallenBehind">The peer has not caught up for longer than the journal is held for it: it is refilled from a snapshot.</param>
    /// <param name="Phase">What the link is doing now: connecting, filling, reading, storing, idle or waiting (to retry).</param>
    /// <param name="Down">Why the link's last try failed and since when it has failed, until a pass delivers again; null while it delivers.</param>
    public sealed record LinkStatus(string Peer, DateTimeOffset CaughtUpAt, bool FallenBehind, ReplicationLatency Latency, string Phase, LinkDown? Down);

    /// <summary>To the hub, at each failure: the link stopped and retries (<see cref="PeerLinkStates"/> says it once).</summary>
    /// <param name="Step">What the link was doing when it failed ("connecting", "storing offsets"...); null if nothing.</param>
    public sealed record Stopped(string Peer, string Tag, string Reason, string? Step);

    /// <summary>To the hub: the link has resumed after a failure, and a pass has delivered what the peer lacked.</summary>
    public sealed record Resumed(string Peer, string Tag);

    /// <summary>The peer can be reached again: resume now rather than when the retry delay ends.</summary>
    public sealed record Wake
    {
        public static readonly Wake Instance = new();
    }

    sealed record Resume(int Generation);
    sealed record OffsetsLoaded(int Generation, ReplicationOffsets Offsets);
    sealed record PeerReady(int Generation, ReplicationOffsets Offsets);
    sealed record LinkFailed(int Generation, string Reason);
    /// <param name="Addresses">The peer region's nodes; null when the node asked did not tell.</param>
    sealed record MembersLearned(IReadOnlyList<string>? Addresses);
    sealed record Dumped(int Generation, ItemsDumped[] Partitions, DateTimeOffset FillAt);
    sealed record FillChunkApplied(int Generation, IReadOnlyList<long> StampsMs);
    sealed record FillStored(int Generation, IReadOnlyDictionary<int, long> UpTo, DateTimeOffset FillAt);
    sealed record PageRead(int Generation, int Partition, IReadOnlyList<EventEnvelope> Events);
    sealed record ChunkApplied(int Generation, int Partition, IReadOnlyDictionary<int, long>? Stored);
    sealed record OffsetsStored(int Generation, IReadOnlyDictionary<int, long> UpTo, DateTimeOffset? CaughtUpAt);
    sealed record PushApplied(IReadOnlyList<LocalWrite> Writes);
    sealed record PushFailed(int Count, string Reason);
    sealed record PollDue
    {
        public static readonly PollDue Instance = new();
    }

    enum Phase { Connecting, Filling, Reading, Storing, Idle, Waiting }

    readonly string _region;
    readonly TableDefinition _table;
    readonly string _peer;
    /// <summary>The address this region was given for the peer; null while the peer cannot be reached (isolated, or unknown).</summary>
    readonly Func<Address?> _peerAddress;
    readonly PeerContacts _contacts = new();
    readonly Func<TimeSpan> _latency;
    readonly TimeSpan _askTimeout;
    readonly ReplicationLinkSettings _settings;
    readonly TimeProvider _time;
    readonly IActorRef _partitions;
    readonly ILoggingAdapter _log;
    readonly ICurrentEventsByPersistenceIdQuery _journal;
    readonly IMaterializer _materializer;
    readonly PartitionCursors _cursors;
    readonly ReplicationMetrics _metrics = new();
    readonly DateTimeOffset _startedAt;

    readonly Queue<LocalWrite> _pushes = new();
    int _pushesInFlight;

    int _generation;
    Phase _phase = Phase.Connecting;
    /// <summary>Set by a failure, cleared by the next pass that delivers: the link is down meanwhile.</summary>
    LinkDown? _down;
    DateTimeOffset _caughtUpAt = DateTimeOffset.MinValue;
    DateTimeOffset _caughtUpStoredAt = DateTimeOffset.MinValue;
    DateTimeOffset _lastFullPassAt = DateTimeOffset.MinValue;
    bool _refillOwed;

    /// <summary>A page read from a partition and being sent: chunks not yet applied, where it ends, and whether more follows at once.</summary>
    sealed class PageSending(int chunks, long upTo, bool full, IReadOnlyList<ItemChanged> changes)
    {
        public int Remaining = chunks;
        public long UpTo => upTo;
        public bool Full => full;
        public IReadOnlyList<ItemChanged> Changes => changes;
    }

    // The pass in progress: partitions to read, those read and not yet applied, and whether it covers every partition;
    // the pages being sent, and their chunks waiting and in flight.
    readonly LinkedList<int> _toRead = new();
    int _partitionsInFlight;
    readonly Dictionary<int, PageSending> _pages = new();
    readonly Queue<(int Partition, List<ItemChanged> Changes)> _chunks = new();
    int _chunksInFlight;
    bool _passFull;
    DateTimeOffset _passStartedAt;

    // The fill in progress: chunks not sent yet, chunks unanswered, items sent, of how many, and each partition's dump position.
    readonly Queue<List<ItemChanged>> _fillChunks = new();
    int _fillInFlight;
    long _fillSent, _fillTotal;
    IReadOnlyDictionary<int, long> _fillUpTo = new Dictionary<int, long>();
    DateTimeOffset _fillAt;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string region, TableDefinition table, string peer, Func<Address?> peerAddress, Func<TimeSpan> latency,
        TimeSpan askTimeout, ReplicationLinkSettings settings, TimeProvider time, IActorRef partitions) =>
        Akka.Actor.Props.Create(() => new ReplicationLink(region, table, peer, peerAddress, latency, askTimeout, settings, time, partitions));

    public ReplicationLink(string region, TableDefinition table, string peer, Func<Address?> peerAddress, Func<TimeSpan> latency,
        TimeSpan askTimeout, ReplicationLinkSettings settings, TimeProvider time, IActorRef partitions)
    {
        _region = region;
        _table = table;
        _peer = peer;
        _peerAddress = peerAddress;
        _latency = latency;
        _askTimeout = askTimeout;
        _settings = settings;
        _time = time;
        _partitions = partitions;
        _startedAt = time.GetUtcNow();
        _log = Context.GetLogger();
        _journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _materializer = Context.Materializer();
        _cursors = new PartitionCursors(table.PartitionCount);

        Receive<LocalWrite>(Push);
        Receive<PushApplied>(OnPushApplied);
        Receive<PushFailed>(f =>
        {
            _log.Debug("Fast path to {0} failed ({1}); the backstop will deliver", _peer, f.Reason);
            _pushesInFlight--;
            Settle(f.Count);
            SendPushes();
        });

        Receive<Resume>(r => r.Generation == _generation, _ => Connect());
        Receive<Wake>(_ =>
        {
            if (_phase != Phase.Waiting) return;
            Timers.Cancel("resume");
            Connect();
        });
        Receive<LinkFailed>(f => f.Generation == _generation, f => Fail(f.Reason));
        Receive<OffsetsLoaded>(o => o.Generation == _generation, o => Probe(o.Offsets));
        Receive<MembersLearned>(m =>
        {
            if (m.Addresses is { } addresses) _contacts.Learned(addresses);
        });
        Receive<PeerReady>(o => o.Generation == _generation, o => OnPeerReady(o.Offsets));
        Receive<Dumped>(d => d.Generation == _generation, OnDumped);
        Receive<FillChunkApplied>(c => c.Generation == _generation, c =>
        {
            _fillInFlight--;
            // A refill (after positions were lost, or never moved past zero) delivers writes made while this link
            // lived, and those count in the lag like any other delivered write. Items older than the link are a new
            // replica's fill, not lag.
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds(), linkStarted = _startedAt.ToUnixTimeMilliseconds();
            foreach (var stamp in c.StampsMs) if (stamp >= linkStarted) _metrics.Record(now - stamp);
            SendFillChunks();
        });
        Receive<FillStored>(f => f.Generation == _generation, f =>
        {
            _caughtUpAt = Max(_caughtUpAt, f.FillAt);
            _caughtUpStoredAt = f.FillAt;
            _refillOwed = false;
            _cursors.Start(f.UpTo);
            StartPass(full: true);
        });
        Receive<PageRead>(p => p.Generation == _generation, OnPageRead);
        Receive<ChunkApplied>(c => c.Generation == _generation, OnChunkApplied);
        Receive<OffsetsStored>(o => o.Generation == _generation, o =>
        {
            _cursors.Stored(o.UpTo);
            if (o.CaughtUpAt is { } at) _caughtUpStoredAt = at;
            Settled();
        });
        Receive<PollDue>(_ => _phase == Phase.Idle, _ => Poll());
        // Results of an abandoned pass, and polls while one runs.
        Receive<Resume>(_ => { });
        Receive<LinkFailed>(_ => { });
        Receive<OffsetsLoaded>(_ => { });
        Receive<PeerReady>(_ => { });
        Receive<Dumped>(_ => { });
        Receive<FillChunkApplied>(_ => { });
        Receive<FillStored>(_ => { });
        Receive<PageRead>(_ => { });
        Receive<ChunkApplied>(_ => { });
        Receive<OffsetsStored>(_ => { });
        Receive<PollDue>(_ => { });

        Receive<GetLinkStatus>(g => Sender.Tell(new LinkStatus(_peer, _caughtUpAt, FallenBehind(g.Now), _metrics.Snapshot(_cursors.Backlog),
            _phase.ToString().ToLowerInvariant(), _down)));
    }

    protected override void PreStart() => Connect();

    /// <summary>The fast path: send a just-persisted change now. Failures are left to the backstop, and so are changes beyond <see cref="PushQueueMax"/> waiting to go.</summary>
    void Push(LocalWrite write)
    {
        _cursors.Written(write.Partition, write.Sequence);
        _metrics.Sent();
        if (_pushes.Count >= PushQueueMax)
        {
            _metrics.Settled();
            return;
        }
        _pushes.Enqueue(write);
        SendPushes();
    }

    /// <summary>
    /// Sends pushes with at most <see cref="ReplicationLinkSettings.PushesInFlightMax"/> messages unanswered; what queues up
    /// meanwhile goes as one message, so under load the remote transport's cost per message is paid once per batch, not per write.
    /// </summary>
    void SendPushes()
    {
        while (_pushesInFlight < _settings.PushesInFlightMax && _pushes.Count > 0)
        {
            var batch = new List<LocalWrite>();
            long bytes = 0;
            while (batch.Count < _settings.PushBatchMax && _pushes.TryPeek(out var next)
                   && (batch.Count == 0 || bytes + WireSize(next.Change) <= _settings.ChunkBytesMax))
            {
                batch.Add(_pushes.Dequeue());
                bytes += WireSize(next.Change);
            }
            if (Current() is not { } receiver)
            {
                Settle(batch.Count);
                continue;
            }
            _pushesInFlight++;
            var message = new ReplicateBatch(_region, _table.ReplicationTag, _table.Name, batch.Select(w => w.Change).ToList());
            Send(receiver, message, _latency()).PipeTo(Self, success: _ => new PushApplied(batch), failure: e => new PushFailed(batch.Count, Reason(e)));
        }
    }

    void OnPushApplied(PushApplied applied)
    {
        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var write in applied.Writes)
        {
            _cursors.Pushed(write.Partition, write.Sequence);
            _metrics.Record(now - write.Change.Version.Stamp.PhysicalMs);
        }
        _pushesInFlight--;
        Settle(applied.Writes.Count);
        SendPushes();
    }

    void Settle(int count)
    {
        for (int i = 0; i < count; i++) _metrics.Settled();
    }

    /// <summary>Asks the peer where each partition resumes; an isolated or unreachable peer costs one round trip per retry.</summary>
    void Connect()
    {
        _phase = Phase.Connecting;
        int generation = ++_generation;
        if (Receiver() is not { } receiver) return;
        receiver.Ask<ReplicationOffsets>(new GetReplicationOffsets(_region, _table.ReplicationTag), _askTimeout)
            .PipeTo(Self, success: o => new OffsetsLoaded(generation, o), failure: e => new LinkFailed(generation, Reason(e)));
    }

    /// <summary>
    /// An empty batch before any read or dump: a peer that still refuses (isolated, or without the table yet) costs one
    /// round trip per retry, not a pass over the journal or a snapshot it would throw away.
    /// </summary>
    void Probe(ReplicationOffsets offsets)
    {
        if (Receiver() is not { } receiver) return;
        int generation = _generation;
        Send(receiver, new ReplicateBatch(_region, _table.ReplicationTag, _table.Name, []), TimeSpan.Zero)
            .PipeTo(Self, success: _ => new PeerReady(generation, offsets), failure: e => new LinkFailed(generation, Reason(e)));
    }

    void OnPeerReady(ReplicationOffsets offsets)
    {
        LearnMembers();
        // What an earlier link (before a restart, or before the replica set changed) knew of this peer.
        if (offsets.CaughtUpTicks > 0) _caughtUpAt = Max(_caughtUpAt, new DateTimeOffset(offsets.CaughtUpTicks, TimeSpan.Zero));
        bool empty = PartitionCursors.Empty(offsets.Partitions);
        if (empty || FallenBehind(_time.GetUtcNow()))
        {
            StartFill();
            return;
        }
        _cursors.Start(offsets.Partitions);
        StartPass(full: true);
    }

    /// <summary>
    /// A new replica (or one fallen behind the retained journal) gets this region's items as they stand, not the journal's
    /// whole history: each item once, with its Version, Context and lineage, tombstones too. Each partition's dump says the
    /// sequence number it holds every change up to, where its journal then resumes.
    /// </summary>
    void StartFill()
    {
        _phase = Phase.Filling;
        int generation = _generation;
        var fillAt = _time.GetUtcNow();
        Task.WhenAll(Enumerable.Range(0, _table.PartitionCount).Select(p =>
                _partitions.Ask<ItemsDumped>(new PartitionEnvelope(_table.PartitionEntityId(p), DumpItems.Instance), _askTimeout)))
            .PipeTo(Self, success: d => new Dumped(generation, d, fillAt), failure: e => new LinkFailed(generation, Reason(e)));
    }

    void OnDumped(Dumped dumped)
    {
        // The merged Context goes as the change's own, so the new replica holds exactly what this one holds.
        var items = dumped.Partitions.SelectMany(d => d.Items).Select(e => new ItemChanged(
            _table.Name, e.Key, e.Item.Image, e.Item.Version, e.Item.Context, null, _region, e.Item.DataLineage,
            TimeToLiveAttribute: e.Item.TimeToLiveAttribute)).ToList();
        // When no item holds a write made here, the regions that made them fill the peer. The positions still go, so the journal resumes.
        if (!ReplicaFill.Owed(items, _region)) items.Clear();
        _fillChunks.Clear();
        foreach (var chunk in Chunk(items, WireSize)) _fillChunks.Enqueue(chunk);
        _fillInFlight = 0;
        _fillSent = 0;
        // Progress counts one more than the items: chunks finish out of order, so only the last message, sent once every
        // chunk is applied, may complete the fill. A fill of nothing counts nothing, so it adds nothing to the percent.
        _fillTotal = items.Count == 0 ? 0 : items.Count + 1L;
        _fillUpTo = Enumerable.Range(0, dumped.Partitions.Length).ToDictionary(p => p, p => dumped.Partitions[p].Sequence);
        _fillAt = dumped.FillAt;
        SendFillChunks();
    }

    void SendFillChunks()
    {
        if (Receiver() is not { } receiver) return;
        int generation = _generation;
        // Each item appears once and applying is idempotent, so chunks can be in flight together.
        while (_fillInFlight < _settings.SnapshotChunksInFlightMax && _fillChunks.TryDequeue(out var chunk))
        {
            _fillInFlight++;
            _fillSent += chunk.Count;
            var message = new ReplicateBatch(_region, _table.ReplicationTag, _table.Name, chunk, FillProgress: (_fillSent, _fillTotal));
            var stamps = chunk.Select(c => c.Version.Stamp.PhysicalMs).ToList();
            Send(receiver, message, TimeSpan.Zero)
                .PipeTo(Self, success: _ => new FillChunkApplied(generation, stamps), failure: e => new LinkFailed(generation, Reason(e)));
        }
        if (_fillInFlight > 0 || _fillChunks.Count > 0) return;
        var upTo = _fillUpTo;
        var fillAt = _fillAt;
        var done = new ReplicateBatch(_region, _table.ReplicationTag, _table.Name, [], upTo, (_fillTotal, _fillTotal), fillAt.UtcTicks);
        Send(receiver, done, TimeSpan.Zero)
            .PipeTo(Self, success: _ => new FillStored(generation, upTo, fillAt), failure: e => new LinkFailed(generation, Reason(e)));
    }

    /// <summary>
    /// Reads partitions' journals after what the peer holds and sends what the pushes did not confirm. A full pass reads
    /// every partition, and when it ends the peer holds every change confirmed before it began; a poll in between reads only
    /// the partitions whose pushes were not all confirmed.
    /// </summary>
    void StartPass(bool full, IEnumerable<int>? partitions = null)
    {
        _phase = Phase.Reading;
        _passFull = full;
        _passStartedAt = _time.GetUtcNow();
        _toRead.Clear();
        foreach (var p in full ? Enumerable.Range(0, _table.PartitionCount) : partitions ?? []) _toRead.AddLast(p);
        _partitionsInFlight = 0;
        ReadNext();
    }

    void ReadNext()
    {
        int generation = _generation;
        // Read ahead of the sends only while few chunks wait, so a backlog is held in memory a few pages at a time.
        while (_partitionsInFlight < _settings.ChunksInFlightMax && _chunks.Count < _settings.ChunksInFlightMax && _toRead.First is { } first)
        {
            _toRead.RemoveFirst();
            int partition = first.Value;
            _partitionsInFlight++;
            _journal.CurrentEventsByPersistenceId(_table.PartitionEntityId(partition), _cursors.Delivered(partition) + 1, long.MaxValue)
                .Take(_settings.PageRowsMax)
                .RunWith(Sink.Seq<EventEnvelope>(), _materializer)
                .PipeTo(Self, success: events => new PageRead(generation, partition, events), failure: e => new LinkFailed(generation, Reason(e)));
        }
        if (_partitionsInFlight == 0 && _toRead.Count == 0) PassDone();
    }

    void OnPageRead(PageRead page)
    {
        bool full = page.Events.Count >= _settings.PageRowsMax;
        if (page.Events.Count == 0)
        {
            PartitionRead(page.Partition, full: false);
            return;
        }
        long last = page.Events[^1].SequenceNr;
        _cursors.Written(page.Partition, last);
        // Replicated changes and other events (lost updates, index definitions, transaction records) move the position only.
        var unsent = page.Events
            .Where(e => e.Event is ItemChanged { IsLocal: true } && _cursors.NeedsSending(page.Partition, e.SequenceNr))
            .Select(e => (ItemChanged)e.Event).ToList();
        if (unsent.Count == 0)
        {
            _cursors.DeliveredUpTo(page.Partition, last);
            PartitionRead(page.Partition, full);
            return;
        }
        var chunks = Chunk(unsent, WireSize);
        _pages[page.Partition] = new PageSending(chunks.Count, last, full, unsent);
        foreach (var chunk in chunks) _chunks.Enqueue((page.Partition, chunk));
        SendChunks();
    }

    /// <summary>
    /// Sends the pages' chunks with at most <see cref="ReplicationLinkSettings.ChunksInFlightMax"/> unanswered. The peer applies
    /// them in any order; a partition's position moves only once all of its page's chunks are applied, and goes to the peer
    /// to store with the chunks sent after that, so a failure costs at most the pages in flight.
    /// </summary>
    void SendChunks()
    {
        if (_chunks.Count == 0) return;
        if (Receiver() is not { } receiver) return;
        int generation = _generation;
        var delay = _latency();
        while (_chunksInFlight < _settings.ChunksInFlightMax && _chunks.TryDequeue(out var chunk))
        {
            _chunksInFlight++;
            var upTo = _cursors.Unstored();
            var stored = upTo.Count > 0 ? upTo : null;
            int partition = chunk.Partition;
            Send(receiver, new ReplicateBatch(_region, _table.ReplicationTag, _table.Name, chunk.Changes, stored), delay)
                .PipeTo(Self, success: _ => new ChunkApplied(generation, partition, stored), failure: e => new LinkFailed(generation, Reason(e)));
        }
    }

    void OnChunkApplied(ChunkApplied applied)
    {
        _chunksInFlight--;
        if (applied.Stored is { } stored) _cursors.Stored(stored);
        var page = _pages[applied.Partition];
        if (--page.Remaining == 0)
        {
            _pages.Remove(applied.Partition);
            // Every delivered write counts in the lag, from its stamp to its apply, whether pushed or read here.
            long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var change in page.Changes) _metrics.Record(now - change.Version.Stamp.PhysicalMs);
            _cursors.DeliveredUpTo(applied.Partition, page.UpTo);
            PartitionRead(applied.Partition, page.Full);
        }
        SendChunks();
    }

    void PartitionRead(int partition, bool full)
    {
        _partitionsInFlight--;
        // A full page means more at once: read on before the other partitions' next turn.
        if (full) _toRead.AddFirst(partition);
        ReadNext();
    }

    void PassDone()
    {
        if (_down is not null)
        {
            _down = null;
            // Shown as the stop was: another node of the peer now takes this link's batches.
            if (_peerAddress() is { } given && _contacts.Resumed(given.ToString()))
            {
                var reached = Address.Parse(_contacts.Current(given.ToString()));
                _log.Warning("Replication of {0} to {1} resumed; it now reaches {2}:{3}", _table.Name, _peer, reached.Host, reached.Port);
            }
            else _log.Debug("Replication of {0} to {1} resumed", _table.Name, _peer);
            Context.Parent.Tell(new Resumed(_peer, _table.ReplicationTag));
        }
        var now = _time.GetUtcNow();
        bool storeCaughtUp = false;
        if (_passFull)
        {
            _lastFullPassAt = _passStartedAt;
            _caughtUpAt = Max(_caughtUpAt, _passStartedAt);
            // The peer stores it too, now and then, for the next link to know how long it has been behind.
            storeCaughtUp = now - _caughtUpStoredAt >= _settings.CaughtUpStoreInterval;
        }
        StoreOffsets(storeCaughtUp ? _passStartedAt : null);
    }

    /// <summary>Has the peer store the positions that moved (by reads or by confirmed pushes), then waits for the next poll.</summary>
    void StoreOffsets(DateTimeOffset? caughtUpAt)
    {
        var upTo = _cursors.Unstored();
        if (upTo.Count == 0 && caughtUpAt is null)
        {
            Settled();
            return;
        }
        if (Receiver() is not { } receiver) return;
        _phase = Phase.Storing;
        int generation = _generation;
        var message = new ReplicateBatch(_region, _table.ReplicationTag, _table.Name, [], upTo, CaughtUpTicks: caughtUpAt?.UtcTicks);
        Send(receiver, message, TimeSpan.Zero)
            .PipeTo(Self, success: _ => new OffsetsStored(generation, upTo, caughtUpAt), failure: e => new LinkFailed(generation, Reason(e)));
    }

    void Settled()
    {
        _phase = Phase.Idle;
        Timers.StartSingleTimer("poll", PollDue.Instance, _settings.PollInterval);
    }

    void Poll()
    {
        if (_refillOwed)
        {
            // Rows the peer lacks may be gone: it goes back to the start, to be refilled.
            Connect();
            return;
        }
        var lagging = _cursors.Lagging().ToList();
        _cursors.Tick();
        if (_time.GetUtcNow() - _lastFullPassAt >= _settings.SweepInterval)
        {
            // Nodes join and leave the peer region; what it says now is what a failure tries next.
            LearnMembers();
            StartPass(full: true);
        }
        else if (lagging.Count > 0) StartPass(full: false, lagging);
        else StoreOffsets(null);
    }

    /// <summary>Drops the pass in progress and tries again from the stored offsets, through the peer's next node (<see cref="PeerContacts"/>).</summary>
    void Fail(string reason)
    {
        bool wait = _peerAddress() is not { } given || _contacts.Failed(given.ToString());
        // Which step failed: a timeout while connecting and one while sending a page have different causes.
        string? step = _phase switch
        {
            Phase.Connecting => "connecting",
            Phase.Filling => "filling the replica",
            Phase.Reading => "reading the journal and sending",
            Phase.Storing => "storing offsets",
            _ => null,
        };
        _down = new LinkDown(PeerLinkStates.Describe(reason, step), _down?.Since ?? _time.GetUtcNow());
        _log.Debug("Replication of {0} to {1} stopped ({2}); it resumes from the stored offsets", _table.Name, _peer, _down.Reason);
        // Every time, not once: the hub says the first failure worth saying, which a quiet one (the region stopping) may precede.
        Context.Parent.Tell(new Stopped(_peer, _table.ReplicationTag, reason, step));
        _phase = Phase.Waiting;
        _generation++;
        _toRead.Clear();
        _partitionsInFlight = 0;
        _pages.Clear();
        _chunks.Clear();
        _chunksInFlight = 0;
        _fillChunks.Clear();
        if (wait) Timers.StartSingleTimer("resume", new Resume(_generation), _settings.RetryDelay);
        else Self.Tell(new Resume(_generation));
    }

    /// <summary>The peer's receiver on the node the link sends to now; null while the peer cannot be reached.</summary>
    ActorSelection? Current() =>
        _peerAddress() is { } given ? Context.System.ActorSelection(_contacts.Current(given.ToString()) + ReplicationReceiver.Path) : null;

    ActorSelection? Receiver()
    {
        if (Current() is { } receiver) return receiver;
        Fail($"{_peer} cannot be reached");
        return null;
    }

    /// <summary>Asks the node that answered for the peer region's nodes; a failure leaves what the link knew.</summary>
    void LearnMembers()
    {
        if (Current() is not { } receiver) return;
        receiver.Ask<RegionMembers>(GetRegionMembers.Instance, _askTimeout)
            .PipeTo(Self, success: m => new MembersLearned(m.Addresses), failure: _ => new MembersLearned(null));
    }

    /// <summary>
    /// The peer has not caught up for longer than <see cref="ReplicationLinkSettings.PeerHoldMax"/> (counted from the link's
    /// start when that is not known): it holds the journal no more, and is refilled from a snapshot when it is reached again.
    /// </summary>
    bool FallenBehind(DateTimeOffset now)
    {
        if (_refillOwed) return true;
        var since = _caughtUpAt > DateTimeOffset.MinValue ? _caughtUpAt : _startedAt;
        if (now - since <= _settings.PeerHoldMax) return false;
        // Once found behind, the journal may be deleted past what the peer has: it is owed a refill, caught up or not.
        _refillOwed = true;
        _log.Warning("{0} fell behind the retained journal; it will be refilled from a snapshot", _peer);
        return true;
    }

    /// <summary>Sends after the simulated WAN latency, off the actor's thread; the caller pipes the answer back.</summary>
    Task<BatchApplied> Send(ActorSelection receiver, ReplicateBatch message, TimeSpan delay)
    {
        var timeout = _askTimeout;
        return delay > TimeSpan.Zero && message.Changes.Count > 0
            ? Delayed()
            : receiver.Ask<BatchApplied>(message, timeout);

        async Task<BatchApplied> Delayed()
        {
            await Task.Delay(delay);
            return await receiver.Ask<BatchApplied>(message, timeout);
        }
    }

    /// <summary>
    /// A generous estimate of a change's wire form: attribute values with their type tags, the key, the Version and two Contexts.
    /// </summary>
    static long WireSize(ItemChanged change) => 2L * ItemSize.Of(change.NewImage) + 256 + 64L * change.Context.Entries.Count;

    /// <summary>Splits changes into messages of about <see cref="ReplicationLinkSettings.ChunkBytesMax"/> each, in order.</summary>
    List<List<ItemChanged>> Chunk(IReadOnlyList<ItemChanged> changes, Func<ItemChanged, long> sizeOf)
    {
        var chunks = new List<List<ItemChanged>>();
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
    /// Why a send or read failed, for the log. A message to a node that is gone goes to dead letters, whose ask is
    /// answered with DynamoDB's 500 (<see cref="UndeliveredException"/>); the log says what happened instead.
    /// </summary>
    static string Reason(Exception e) => e is UndeliveredException ? "message not delivered: its recipient is gone" : e.Message;

    static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
