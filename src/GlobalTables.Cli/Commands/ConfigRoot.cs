namespace GlobalTables.Cli.Commands;

/// <summary>Finds the folder holding regions/ and config/: the given one, or the nearest above the working directory or the program.</summary>
public static class ConfigRoot
{
    public static string Resolve(string? given)
    {
        if (given is not null)
        {
            var root = Path.GetFullPath(given);
            if (!Directory.Exists(root)) throw new UsageException($"--config {given}: no such folder");
            if (!HoldsConfig(root)) throw new UsageException($"--config {given}: the folder has no regions/ and config/");
            return root;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (HoldsConfig(dir.FullName)) return dir.FullName;
        }
        throw new UsageException(
            $"No regions/ and config/ folders in {Directory.GetCurrentDirectory()} or above it. Run from the folder that holds them (a checkout of GlobalTables), or pass --config DIR.");
    }

    static bool HoldsConfig(string folder) => Directory.Exists(Path.Combine(folder, "regions")) && Directory.Exists(Path.Combine(folder, "config"));
}
