namespace GlobalTables.Cli.Commands;

/// <summary>Region names given on the command line, checked against the regions there are, which the error lists.</summary>
public static class RegionNames
{
    public static void Check(string option, IEnumerable<string?> given, IReadOnlyCollection<string> known)
    {
        var unknown = given.Where(name => name is not null && !known.Contains(name)).ToList();
        if (unknown.Count == 0) return;
        throw new UsageException($"{option}: no region {string.Join(", ", unknown)}; the regions are {string.Join(", ", known)}");
    }
}
