using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Capacity;

namespace GlobalTables.Api.Items;

/// <summary>ConsumedCapacity as a list with one entry per table, as batch and transaction operations report it.</summary>
public static class BatchCapacity
{
    public static void Write(Utf8JsonWriter w, OperationContext ctx, IEnumerable<ConsumedCapacity> parts, bool write)
    {
        var mode = ctx.String("ReturnConsumedCapacity");
        if (mode is null or "NONE") return;
        w.WriteStartArray("ConsumedCapacity");
        foreach (var table in ConsumedCapacity.PerTable(parts)) ResponseWriter.WriteCapacityObject(w, mode, table, write);
        w.WriteEndArray();
    }
}
