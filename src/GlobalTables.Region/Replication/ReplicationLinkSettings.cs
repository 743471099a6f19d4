using Akka.Configuration;

namespace GlobalTables.Region.Replication;

/// <summary>
/// How a replication link reads the partition journals and paces what it sends, from <c>globaltables.replication</c>
/// in config/akka.conf. The defaults below are only for a config without that section.
/// </summary>
/// <param name="PageRowsMax">Journal rows the backstop reads at once.</param>
/// <param name="PollInterval">How long the backstop waits after it has caught up before it looks again at the partitions whose pushes were not all confirmed.</param>
/// <param name="SweepInterval">How often the backstop reads every partition, which is when it knows the peer caught up.</param>
/// <param name="ChunkBytesMax">Roughly how many bytes of a remote message one chunk of changes may fill; under Akka.Remote's frame size.</param>
/// <param name="ChunksInFlightMax">Backstop chunks sent and not yet acknowledged, per link.</param>
/// <param name="SnapshotChunksInFlightMax">Snapshot chunks in flight while a new replica is filled.</param>
/// <param name="PushBatchMax">Just-persisted changes the fast path sends in one message.</param>
/// <param name="PushesInFlightMax">Fast-path messages sent and not yet answered, per link; changes queue up behind them.</param>
/// <param name="RetryDelay">How long a failed link waits before it resumes from the stored offset.</param>
/// <param name="PeerHoldMax">How long a peer that has not caught up holds back the deletion of the journal rows it lacks; a peer
/// behind for longer has fallen behind the retained journal, and is refilled from a snapshot when it is reached again.</param>
/// <param name="CaughtUpStoreInterval">How often a caught-up link has the peer store so, for the links after it.</param>
public sealed record ReplicationLinkSettings(
    int PageRowsMax,
    TimeSpan PollInterval,
    TimeSpan SweepInterval,
    int ChunkBytesMax,
    int ChunksInFlightMax,
    int SnapshotChunksInFlightMax,
    int PushBatchMax,
    int PushesInFlightMax,
    TimeSpan RetryDelay,
    TimeSpan PeerHoldMax,
    TimeSpan CaughtUpStoreInterval)
{
    public static readonly ReplicationLinkSettings Default = new(5000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 1024 * 1024, 8, 8, 500, 4, TimeSpan.FromMilliseconds(500),
        TimeSpan.FromHours(12), TimeSpan.FromMinutes(1));

    public static ReplicationLinkSettings From(Config? section)
    {
        if (section is null || section.IsEmpty) return Default;
        var settings = new ReplicationLinkSettings(
            section.GetInt("page-rows", Default.PageRowsMax),
            section.GetTimeSpan("poll-interval", Default.PollInterval),
            section.GetTimeSpan("sweep-interval", Default.SweepInterval),
            (int)(section.GetByteSize("chunk-bytes") ?? Default.ChunkBytesMax),
            section.GetInt("chunks-in-flight", Default.ChunksInFlightMax),
            section.GetInt("snapshot-chunks-in-flight", Default.SnapshotChunksInFlightMax),
            section.GetInt("push-batch", Default.PushBatchMax),
            section.GetInt("pushes-in-flight", Default.PushesInFlightMax),
            section.GetTimeSpan("retry-delay", Default.RetryDelay),
            section.GetTimeSpan("peer-hold-max", Default.PeerHoldMax),
            section.GetTimeSpan("caught-up-store-interval", Default.CaughtUpStoreInterval));
        if (settings.PageRowsMax < 1 || settings.ChunkBytesMax < 1024 || settings.ChunksInFlightMax < 1 || settings.SnapshotChunksInFlightMax < 1 || settings.PushBatchMax < 1 || settings.PushesInFlightMax < 1)
            throw new ConfigurationException("globaltables.replication: page-rows, chunks-in-flight, snapshot-chunks-in-flight, push-batch and pushes-in-flight must be at least 1, chunk-bytes at least 1k");
        return settings;
    }
}
