namespace GlobalTables.Cli.Commands;

/// <summary>Finds the folder holding regions/ and config/: the given one, or the nearest above the working directory or the program.</summary>
public static class ConfigRoot
{
    public static string Resolve(string? given)
    {
        if (given is not null) return Path.GetFullPath(given);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "regions")) && Directory.Exists(Path.Combine(dir.FullName, "config")))
                    return dir.FullName;
        }
        throw new DirectoryNotFoundException("No folder with regions/ and config/ found; pass --config DIR");
    }
}
