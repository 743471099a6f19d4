using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GlobalTables.Api.Tests.Hosting;

/// <summary>A logger provider that keeps every message logged, for tests that assert what a server said and how often.</summary>
public sealed class RecordedLogs : ILoggerProvider
{
    readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];
    public ILoggerFactory Factory() => new LoggerFactory([this]);
    public int Count(string fragment) => Messages.Count(m => m.Contains(fragment, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Recorder(_messages);
    public void Dispose() { }

    sealed class Recorder(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
