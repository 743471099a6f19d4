using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GlobalTables.Cli;

/// <summary>
/// The <c>globaltables</c> command as a child process, run from the build this code was loaded from, with every line
/// it writes on stdout or stderr. The chaos run starts its extra nodes with it, and the tests their processes.
/// </summary>
public sealed class GlobalTablesProcess : IDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _lines = new();
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    readonly ConcurrentQueue<string> _standardLines = new();
    readonly ConcurrentQueue<string> _errorLines = new();

    /// <summary>Stdout and stderr lines, in the order they arrived.</summary>
    public IReadOnlyList<string> Output => [.. _lines];
    /// <summary>The stdout lines alone.</summary>
    public IReadOnlyList<string> StandardOutput => [.. _standardLines];
    /// <summary>The stderr lines alone.</summary>
    public IReadOnlyList<string> ErrorOutput => [.. _errorLines];

    GlobalTablesProcess(Process process, Action<string>? log)
    {
        _process = process;
        void Receive(string? line, bool error)
        {
            if (line is null) return;
            _lines.Enqueue(line);
            (error ? _errorLines : _standardLines).Enqueue(line);
            // xunit's test output refuses lines that arrive after the test has ended.
            try { log?.Invoke(line); } catch (InvalidOperationException) { }
            if (line.Contains("globaltables: ready")) _ready.TrySetResult();
        }
        _process.OutputDataReceived += (_, e) => Receive(e.Data, false);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data, true);
    }

    /// <summary>Starts <c>globaltables</c> with these arguments; <paramref name="log"/> gets each line of its output.</summary>
    public static GlobalTablesProcess Start(IEnumerable<string> args, Action<string>? log = null)
    {
        var start = StartInfo(args);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        var process = new GlobalTablesProcess(Process.Start(start)!, log);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// globaltables.dll beside this code, under the dotnet host that runs this process (the CLI run as
    /// <c>dotnet globaltables.dll</c>, a test host), or under its own launcher when this process is that launcher
    /// (<c>dotnet run</c>, a published build); else under the dotnet on the PATH.
    /// </summary>
    static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var dll = typeof(GlobalTablesProcess).Assembly.Location;
        var self = Environment.ProcessPath;
        var launcher = Path.GetFileNameWithoutExtension(self);
        if (self is not null && (dll.Length == 0 || launcher == "globaltables")) return new ProcessStartInfo(self, args);
        return new ProcessStartInfo(launcher == "dotnet" ? self! : "dotnet", [dll, .. args]);
    }

    /// <summary>Waits for the "globaltables: ready" line; fails at once if the process exits first.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited).WaitAsync(timeout);
        if (first != _ready.Task) throw new InvalidOperationException($"exited {_process.ExitCode} before ready:\n{string.Join('\n', Output)}");
    }

    /// <summary>Waits for the exit, and for the last line of its output, and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown, no leaving the cluster; the OS lets go of its ports and its data folder's lock.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as a service manager stops it: the command stops its regions in order, as on Ctrl+C (Linux and macOS).</summary>
    public void Terminate()
    {
        if (SendSignal(_process.Id, SigTerm) != 0) throw new InvalidOperationException($"SIGTERM to {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int SendSignal(int pid, int signal);

    /// <summary>Kills the process if it still runs; a second call does nothing (a test may own it twice).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    bool _disposed;
}
