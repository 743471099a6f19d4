using GlobalTables.Region;
using GlobalTables.Region.Configuration;
using GlobalTables.Region.Persistence;

namespace GlobalTables.Api.Hosting;

/// <summary>Whether a hosted region is serving. Values are shown to users: append only.</summary>
public enum RegionState { Up, Failed }

/// <summary>
/// One region hosted by this process: its data folder's lock for as long as the process hosts it (a failed region
/// keeps it, its folder is still this process's), its node and endpoint while up, and what its last failure cost.
/// </summary>
public sealed class RegionHost(RegionSettings settings, DataFolderLock folderLock)
{
    public RegionSettings Settings { get; } = settings;
    public string Name => Settings.Name;
    public string DataFolder => FolderLock.Folder;
    internal DataFolderLock FolderLock { get; } = folderLock;
    public RegionNode? Node { get; internal set; }
    public HttpListener? Listener { get; internal set; }
    public Uri? Endpoint { get; internal set; }
    public int? RemotingPort { get; internal set; }
    public RegionState State => Node is null ? RegionState.Failed : RegionState.Up;
    public bool Isolated => Node?.Replication.Isolated ?? false;
    public DateTimeOffset? FailedAt { get; internal set; }

    /// <summary>At the last failure: acknowledged writes of this region that no peer had confirmed yet.</summary>
    public long? RpoAtFailure { get; internal set; }
}
