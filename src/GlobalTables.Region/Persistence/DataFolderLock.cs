using System.Diagnostics;

namespace GlobalTables.Region.Persistence;

/// <summary>
/// One owner per region data folder: an exclusive OS lock on a file in it, held until disposed; the OS lets go
/// when the process dies, so a killed holder leaves nothing to clean up.
/// </summary>
/// <remarks>
/// FileShare.None takes flock(LOCK_EX) on Linux and macOS (a share mode on Windows). flock belongs to the open
/// file description, so a second open is refused in this process as in any other. Every other .NET open of the
/// locked file takes LOCK_SH and is refused too, so the holder's PID cannot be read back from it: the holder
/// writes it to a companion file once it holds the lock, and removes that file before letting go.
/// </remarks>
public sealed class DataFolderLock : IDisposable
{
    const string LockFileName = "globaltables.lock";
    const string OwnerFileName = "globaltables.pid";
    // Long enough for a holder that has just taken the lock to write its PID; a refusal waits no longer.
    static readonly TimeSpan OwnerReadTimeout = TimeSpan.FromSeconds(1);

    readonly FileStream _lock;
    bool _released;

    public string Folder { get; }

    DataFolderLock(string folder, FileStream held) { Folder = folder; _lock = held; }

    /// <summary>Takes the folder (created if missing), or throws <see cref="DataFolderInUseException"/> at once.</summary>
    public static DataFolderLock Acquire(string folder)
    {
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        FileStream held;
        try
        {
            held = new FileStream(Path.Combine(folder, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsSharingViolation(e))
        {
            throw new DataFolderInUseException(folder, ReadOwner(folder));
        }
        try
        {
            // Written aside and renamed, so a refused start never reads half a PID.
            var owner = Path.Combine(folder, OwnerFileName);
            File.WriteAllText(owner + ".tmp", Environment.ProcessId.ToString());
            File.Move(owner + ".tmp", owner, overwrite: true);
        }
        catch
        {
            held.Dispose();
            throw;
        }
        return new DataFolderLock(folder, held);
    }

    // Only a held lock: EWOULDBLOCK from flock (11 on Linux, 35 on macOS), or Windows' sharing violation.
    // Anything else (permissions, a full disk) is a real error and stays one.
    static bool IsSharingViolation(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020);

    /// <summary>The live process named in the companion file, waiting briefly for a holder that has not written it yet.</summary>
    static int? ReadOwner(string folder)
    {
        var path = Path.Combine(folder, OwnerFileName);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (TryReadPid(path) is { } pid && IsRunning(pid)) return pid;
            // A PID left by a holder that was killed is stale until the new holder overwrites it.
            if (deadline.Elapsed > OwnerReadTimeout) return null;
            Thread.Sleep(10);
        }
    }

    static int? TryReadPid(string path)
    {
        try { return int.TryParse(File.ReadAllText(path), out var pid) ? pid : null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return true;
        }
        catch (ArgumentException) { return false; }
    }

    /// <summary>Removes the PID first: once the lock is let go, a new holder may write its own.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        try { File.Delete(Path.Combine(Folder, OwnerFileName)); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        _lock.Dispose();
    }
}
