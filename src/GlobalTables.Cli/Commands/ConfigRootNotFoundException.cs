namespace GlobalTables.Cli.Commands;

/// <summary>No folder with regions/ and config/ where the command looked: the user's to fix, said in one line.</summary>
public sealed class ConfigRootNotFoundException(string message) : DirectoryNotFoundException(message);
