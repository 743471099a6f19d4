namespace GlobalTables.Cli.Commands;

/// <summary>A command given right that could not be done (the server is not running, it refused): one line on stderr and exit code 1.</summary>
public sealed class CommandFailedException(string message, Exception? inner = null) : Exception(message, inner);
