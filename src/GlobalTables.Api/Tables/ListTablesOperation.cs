using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model;

namespace GlobalTables.Api.Tables;

public static class ListTablesOperation
{
    public static Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        int limit = (int)(ctx.Long("Limit") ?? Limits.ListTablesLimitMax);
        var start = ctx.String("ExclusiveStartTableName");
        var names = ctx.Region.Tables.All.Keys
            .Where(n => start is null || string.CompareOrdinal(n, start) > 0)
            .Take(limit + 1)
            .ToList();
        w.WriteStartObject();
        w.WriteStartArray("TableNames");
        foreach (var n in names.Take(limit)) w.WriteStringValue(n);
        w.WriteEndArray();
        if (names.Count > limit) w.WriteString("LastEvaluatedTableName", names[limit - 1]);
        w.WriteEndObject();
        return Task.CompletedTask;
    }
}
