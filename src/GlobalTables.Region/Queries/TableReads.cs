using Akka.Actor;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Region.Queries;

/// <summary>Query and Scan pages: one deferred Ask per partition the page touches, in the table's stable order.</summary>
public static class TableReads
{
    public static Task<PartitionPage> ReadPageAsync(this RegionNode region, TableDefinition table, int partition, PageRequest request) =>
        region.AskPartition<PartitionPage>(new PartitionEnvelope(table.PartitionEntityId(partition), new ReadPage(request)));

    /// <summary>A page of a global secondary index: every partition at once, merged.</summary>
    public static async Task<GlobalIndexPage> ReadAsync(this RegionNode region, TableDefinition table, GlobalIndexPage page)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, table.PartitionCount).Select(p => region.ReadPageAsync(table, p, page.Request)));
        foreach (var partitionPage in pages) page.Add(partitionPage);
        page.Merge();
        return page;
    }

    /// <summary>Fills the assembler's page, reading partitions one after another.</summary>
    public static async Task<PageAssembler> ReadAsync(this RegionNode region, TableDefinition table, PageAssembler page)
    {
        while (page.Next() is { } next)
            page.Add(await region.ReadPageAsync(table, next.Partition, next.Request));
        return page;
    }
}
