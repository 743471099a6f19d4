using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;

namespace GlobalTables.Api.Tables;

public static class DescribeTableOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var table = ctx.AnyTable();
        var (count, size, indexes) = table.Status == TableStatus.ACTIVE ? await ctx.Region.TableStatsAsync(table) : (0, 0, null);
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "Table", table, ctx.Region, count, size, indexes);
        w.WriteEndObject();
    }
}
