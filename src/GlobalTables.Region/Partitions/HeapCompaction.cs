using Akka.Actor;
using Akka.Event;

namespace GlobalTables.Region.Partitions;

/// <summary>
/// Gives back to the system the memory a burst of partition recoveries leaves behind. Each recovery reads its
/// snapshot whole (one large array per partition) and decodes every item; once that is garbage, an idle region
/// runs no collection that would release it, so its resident size would stay at the burst's peak. Once enough
/// items were recovered and no partition has recovered for a quiet while, one aggressive collection compacts the
/// heap and releases the free memory. Settings: <c>globaltables.heap-compaction</c> in config/akka.conf.
/// </summary>
public sealed class HeapCompaction : IExtension, IDisposable
{
    readonly TimeSpan _quiet;
    readonly long _itemsMin;
    readonly Timer _timer;
    readonly ILoggingAdapter _log;
    long _items;

    public HeapCompaction(ExtendedActorSystem system)
    {
        _log = Logging.GetLogger(system, nameof(HeapCompaction));
        var settings = system.Settings.Config.GetConfig("globaltables.heap-compaction");
        _quiet = settings.GetTimeSpan("after-recovery-quiet", TimeSpan.FromSeconds(2));
        _itemsMin = settings.GetLong("items-min", 100_000);
        _timer = new Timer(_ => Compact());
        system.RegisterOnTermination(Dispose);
    }

    public static HeapCompaction Get(ActorSystem system) => system.WithExtension<HeapCompaction, HeapCompactionProvider>();

    /// <summary>A partition recovered holding this many items; a collection follows once recoveries pause.</summary>
    public void Recovered(long items)
    {
        if (Interlocked.Add(ref _items, items) < _itemsMin || _quiet <= TimeSpan.Zero) return;
        _timer.Change(_quiet, Timeout.InfiniteTimeSpan);
    }

    void Compact()
    {
        long items = Interlocked.Exchange(ref _items, 0);
        long before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // The pause stops every thread of the process, so it is worth seeing.
        _log.Info("Heap compacted after {0} items recovered: committed {1} MB -> {2} MB, in {3:F0} ms", items,
            before >> 20, GC.GetGCMemoryInfo().TotalCommittedBytes >> 20, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public void Dispose() => _timer.Dispose();
}

public sealed class HeapCompactionProvider : ExtensionIdProvider<HeapCompaction>
{
    public override HeapCompaction CreateExtension(ExtendedActorSystem system) => new(system);
}
