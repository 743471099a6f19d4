namespace GlobalTables.Region.Persistence;

/// <summary>
/// A region's data folder is held by another start, in this process or another one: two journals writing one
/// journal.db reuse sequence numbers and lose acknowledged writes, so the start is refused before it opens any.
/// </summary>
public sealed class DataFolderInUseException(string folder, int? ownerProcessId)
    : IOException($"Data folder {folder} is in use by {(ownerProcessId is { } pid ? $"process {pid}" : "another process")}.")
{
    public string Folder { get; } = folder;
    /// <summary>The holder's PID; null when it could not be read (it had not written it yet, or it just let go).</summary>
    public int? OwnerProcessId { get; } = ownerProcessId;
}
