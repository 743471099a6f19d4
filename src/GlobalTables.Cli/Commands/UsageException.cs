namespace GlobalTables.Cli.Commands;

/// <summary>A mistake in the command line (an unknown name, a value out of range): one line on stderr and exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
