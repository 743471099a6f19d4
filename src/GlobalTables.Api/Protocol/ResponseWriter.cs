using System.Text.Json;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Partitions;

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

    /// <summary>
    /// An item read from its partition, if there is one: straight from the bytes it is held in, or decoded when a
    /// projection picks from it.
    /// </summary>
    public static void WriteItem(this Utf8JsonWriter w, ItemRead read, ProjectionExpression? projection)
    {
        if (read.EncodedImage is not { } encoded) return;
        if (projection is null) EncodedItemJson.WriteItem(w, encoded.Span);
        else AttributeValueJson.WriteItem(w, projection.Apply(read.Image!));
    }

    /// <summary>ConsumedCapacity for ReturnConsumedCapacity TOTAL or INDEXES, of a table read or written without its indexes.</summary>
    public static void WriteConsumedCapacity(this Utf8JsonWriter w, OperationContext ctx, string table, double units, bool write) =>
        w.WriteConsumedCapacity(ctx, new ConsumedCapacity(table, units, []), write);

    /// <summary>ConsumedCapacity for ReturnConsumedCapacity TOTAL or INDEXES; nothing for NONE.</summary>
    public static void WriteConsumedCapacity(this Utf8JsonWriter w, OperationContext ctx, ConsumedCapacity capacity, bool write)
    {
        var mode = ctx.String("ReturnConsumedCapacity");
        if (mode is null or "NONE") return;
        w.WritePropertyName("ConsumedCapacity");
        WriteCapacityObject(w, mode, capacity, write);
    }

    /// <summary>One ConsumedCapacity object; batch and transaction operations write a list of them. INDEXES adds the table's part and each index's.</summary>
    public static void WriteCapacityObject(Utf8JsonWriter w, string mode, ConsumedCapacity capacity, bool write)
    {
        var kind = write ? "WriteCapacityUnits" : "ReadCapacityUnits";
        w.WriteStartObject();
        w.WriteString("TableName", capacity.TableName);
        WriteUnits(w, kind, capacity.Total);
        if (mode == "INDEXES")
        {
            w.WriteStartObject("Table");
            WriteUnits(w, kind, capacity.TableUnits);
            w.WriteEndObject();
            foreach (var (member, global) in new[] { ("LocalSecondaryIndexes", false), ("GlobalSecondaryIndexes", true) })
            {
                if (!capacity.Indexes.Any(i => i.IsGlobal == global)) continue;
                w.WriteStartObject(member);
                foreach (var index in capacity.Indexes.Where(i => i.IsGlobal == global))
                {
                    w.WriteStartObject(index.Name);
                    WriteUnits(w, kind, index.Units);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
        }
        w.WriteEndObject();
    }

    static void WriteUnits(Utf8JsonWriter w, string kind, double units)
    {
        w.WriteNumber("CapacityUnits", units);
        w.WriteNumber(kind, units);
    }

    /// <summary>ItemCollectionMetrics for ReturnItemCollectionMetrics SIZE, on a table with a local index (which alone has a collection).</summary>
    public static void WriteItemCollectionMetrics(this Utf8JsonWriter w, OperationContext ctx, TableDefinition table, ItemCollectionSize? collection)
    {
        if (ctx.String("ReturnItemCollectionMetrics") != "SIZE" || collection is null) return;
        w.WritePropertyName("ItemCollectionMetrics");
        WriteMetricsObject(w, table, collection);
    }

    /// <summary>
    /// ItemCollectionMetrics of a batch or a transaction: per table, one entry for each write to a table with a local
    /// index, in request order.
    /// </summary>
    public static void WriteItemCollectionMetrics(this Utf8JsonWriter w, OperationContext ctx, IEnumerable<(TableDefinition Table, ItemCollectionSize? Collection)> writes)
    {
        if (ctx.String("ReturnItemCollectionMetrics") != "SIZE") return;
        var tables = writes.Where(x => x.Collection is not null).GroupBy(x => x.Table.Name).ToList();
        if (tables.Count == 0) return;
        w.WriteStartObject("ItemCollectionMetrics");
        foreach (var table in tables)
        {
            w.WriteStartArray(table.Key);
            foreach (var (definition, collection) in table) WriteMetricsObject(w, definition, collection!);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void WriteMetricsObject(Utf8JsonWriter w, TableDefinition table, ItemCollectionSize collection)
    {
        w.WriteStartObject();
        w.WriteItemMember("ItemCollectionKey", new Dictionary<string, AttributeValue> { [table.KeySchema.PartitionKey.Name] = collection.PartitionKey });
        w.WriteStartArray("SizeEstimateRangeGB");
        var (lower, upper) = collection.SizeEstimateRangeGB;
        w.WriteNumberValue(lower);
        w.WriteNumberValue(upper);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
