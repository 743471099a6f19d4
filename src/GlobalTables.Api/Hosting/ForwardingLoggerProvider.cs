using Microsoft.Extensions.Logging;

namespace GlobalTables.Api.Hosting;

/// <summary>Hands the web host's loggers to the server's logger factory, so that the host's own filters apply first.</summary>
sealed class ForwardingLoggerProvider(ILoggerFactory factory) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => factory.CreateLogger(categoryName);

    // The factory is the server's, and the server disposes it.
    public void Dispose() { }
}
