using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Tables;

public static class DeleteTableOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var table = ctx.AnyTable();
        var (count, size) = await ctx.Region.StatsAsync(table);
        var result = await ctx.Region.AskCatalog(new DeleteTable(table.Name));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, count, size);
        w.WriteEndObject();
    }
}
