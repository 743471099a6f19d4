using GlobalTables.Model.Tables;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Region.Tests;

/// <summary>What the tests on a real region node share: the project's config, and a table that is ACTIVE.</summary>
static class TestRegion
{
    public static string NewFolder() => Path.Combine(Path.GetTempPath(), "globaltables-region-tests", Guid.NewGuid().ToString("N"));

    public static string AkkaConfig()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "config", "akka.conf"))) return File.ReadAllText(Path.Combine(dir.FullName, "config", "akka.conf"));
        throw new FileNotFoundException("config/akka.conf");
    }

    /// <summary>Creates a table keyed by a string <c>pk</c> and waits until it is ACTIVE.</summary>
    public static async Task<TableDefinition> CreateTableAsync(RegionNode node, string name)
    {
        var result = await node.AskCatalog(new CreateTable(new CreateTableRequest(name, [("pk", "S")], [("pk", "HASH")], "PAY_PER_REQUEST", null, null, null, null)));
        Assert.Null(result.Error);
        await Eventually.UntilAsync(() => node.Tables.Find(name)!.Status == TableStatus.ACTIVE, $"{name} did not turn ACTIVE");
        return node.Tables.Find(name)!;
    }
}
