using System.Text.Json;
using GlobalTables.Api.Protocol;

namespace GlobalTables.Api.Items;

/// <summary>ConsumedCapacity as a list with one entry per table, as batch and transaction operations report it.</summary>
public static class BatchCapacity
{
    public static void Write(Utf8JsonWriter w, OperationContext ctx, IEnumerable<(string Table, double Units)> tables, bool write)
    {
        var mode = ctx.String("ReturnConsumedCapacity");
        if (mode is null or "NONE") return;
        w.WriteStartArray("ConsumedCapacity");
        foreach (var (table, units) in tables.GroupBy(t => t.Table).Select(g => (g.Key, g.Sum(t => t.Units))))
            ResponseWriter.WriteCapacityObject(w, mode, table, units, write);
        w.WriteEndArray();
    }
}
