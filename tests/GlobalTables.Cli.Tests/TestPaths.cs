namespace GlobalTables.Cli.Tests;

public static class TestPaths
{
    /// <summary>The checkout: the folder above the test binaries that holds GlobalTables.sln, regions/ and config/.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "GlobalTables.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("GlobalTables.sln not found above the test binaries");
        }
    }
}
