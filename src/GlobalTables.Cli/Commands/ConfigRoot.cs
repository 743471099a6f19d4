namespace GlobalTables.Cli.Commands;

/// <summary>
/// Finds the folder holding regions/ and config/: the given one, or the nearest above the working directory or the
/// program. An installed tool's program folder holds neither, so there it is the working directory or --config.
/// </summary>
public static class ConfigRoot
{
    public static string Resolve(string? given)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given);
            return Holds(full) ? full : throw new ConfigRootNotFoundException($"--config {full} has no regions/ and config/ folders.");
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Holds(dir.FullName)) return dir.FullName;
        }
        throw new ConfigRootNotFoundException(
            $"No regions/ and config/ folders in {Directory.GetCurrentDirectory()} or above it. Run from the folder that holds them (a checkout of GlobalTables), or pass --config DIR.");
    }

    static bool Holds(string dir) => Directory.Exists(Path.Combine(dir, "regions")) && Directory.Exists(Path.Combine(dir, "config"));
}
