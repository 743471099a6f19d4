using System.Collections.Concurrent;
using System.Diagnostics;

namespace GlobalTables.Cli.Tests;

/// <summary>The real <c>globaltables</c> command as a child process, with every line it writes on stdout or stderr.</summary>
public sealed class CliProcess : IDisposable
{
    readonly Process _process;
    readonly ConcurrentQueue<string> _lines = new();
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    /// <summary>Stdout and stderr lines, in the order they arrived.</summary>
    public IReadOnlyList<string> Output => [.. _lines];

    CliProcess(Process process, Action<string>? log)
    {
        _process = process;
        void Receive(string? line)
        {
            if (line is null) return;
            _lines.Enqueue(line);
            // xunit's test output refuses lines that arrive after the test has ended.
            try { log?.Invoke(line); } catch (InvalidOperationException) { }
            if (line.Contains("globaltables: ready")) _ready.TrySetResult();
        }
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data);
    }

    /// <summary>Runs the build's globaltables.dll with the repository's regions/ and config/.</summary>
    public static CliProcess Start(IEnumerable<string> args, Action<string>? log = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "globaltables.dll"), .. args, "--config", TestPaths.RepositoryRoot])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = new CliProcess(Process.Start(start)!, log);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    /// <summary><c>globaltables node</c> for one region on its configured ports plus the offset, without WAN latency, once ready.</summary>
    public static async Task<CliProcess> StartNodeAsync(string region, int portOffset, string data, Xunit.Abstractions.ITestOutputHelper output)
    {
        var node = Start(["node", "--region", region, "--port-offset", portOffset.ToString(), "--data", data, "--no-latency"], line => output.WriteLine("node: " + line));
        try { await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)); }
        catch
        {
            node.Dispose();
            throw;
        }
        return node;
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

    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
