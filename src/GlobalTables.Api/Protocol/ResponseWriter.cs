using System.Text.Json;
using GlobalTables.Model.Attributes;

namespace GlobalTables.Api.Protocol;

/// <summary>Small helpers for writing DynamoDB response members.</summary>
public static class ResponseWriter
{
    public static void WriteItemMember(this Utf8JsonWriter w, string name, IReadOnlyDictionary<string, AttributeValue>? item)
    {
        if (item is null) return;
        w.WritePropertyName(name);
        AttributeValueJson.WriteItem(w, item);
    }

    /// <summary>ConsumedCapacity for ReturnConsumedCapacity TOTAL or INDEXES; nothing for NONE.</summary>
    public static void WriteConsumedCapacity(this Utf8JsonWriter w, OperationContext ctx, string table, double units, bool write, IndexCapacity? index = null)
    {
        var mode = ctx.String("ReturnConsumedCapacity");
        if (mode is null or "NONE") return;
        w.WritePropertyName("ConsumedCapacity");
        WriteCapacityObject(w, mode, table, units, write, index);
    }

    /// <summary>One ConsumedCapacity object; batch and transaction operations write a list of them.</summary>
    /// <param name="units">The whole cost; with <paramref name="index"/>, the table's part is what the index's leaves.</param>
    public static void WriteCapacityObject(Utf8JsonWriter w, string mode, string table, double units, bool write, IndexCapacity? index = null)
    {
        var kind = write ? "WriteCapacityUnits" : "ReadCapacityUnits";
        w.WriteStartObject();
        w.WriteString("TableName", table);
        w.WriteNumber("CapacityUnits", units);
        w.WriteNumber(kind, units);
        if (mode == "INDEXES")
        {
            w.WriteStartObject("Table");
            w.WriteNumber("CapacityUnits", units - (index?.Units ?? 0));
            w.WriteNumber(kind, units - (index?.Units ?? 0));
            w.WriteEndObject();
            if (index is not null)
            {
                w.WriteStartObject(index.IsGlobal ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
                w.WriteStartObject(index.Name);
                w.WriteNumber("CapacityUnits", index.Units);
                w.WriteNumber(kind, index.Units);
                w.WriteEndObject();
                w.WriteEndObject();
            }
        }
        w.WriteEndObject();
    }
}
