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
        {
            w.WriteStartObject();
            w.WriteString("TableName", table);
            w.WriteNumber("CapacityUnits", units);
            w.WriteNumber(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
            if (mode == "INDEXES")
            {
                w.WriteStartObject("Table");
                w.WriteNumber("CapacityUnits", units);
                w.WriteNumber(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
