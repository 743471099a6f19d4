using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Items;

/// <summary>What Query and Scan share: Select with the projection, Limit, ExclusiveStartKey, and the page in the response.</summary>
public static class PageReading
{
    /// <summary>Select and the projection together, with DynamoDB's rules for combining them: returns (count only, projection).</summary>
    public static (bool CountOnly, ProjectionExpression? Projection) Select(OperationContext ctx, ProjectionExpression? projection, bool legacyProjection)
    {
        var select = ctx.String("Select");
        var member = legacyProjection ? "AttributesToGet" : "ProjectionExpression";
        if (select == "ALL_PROJECTED_ATTRIBUTES" && !ctx.Has("IndexName"))
            throw DynamoException.Validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        if (projection is not null && select is not null && select != "SPECIFIC_ATTRIBUTES")
            throw DynamoException.Validation($"Cannot specify the {member} when choosing to get {(select == "COUNT" ? "only the Count" : select)}");
        if (select == "SPECIFIC_ATTRIBUTES" && projection is null)
            throw DynamoException.Validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
        return (select == "COUNT", projection);
    }

    public static int? Limit(OperationContext ctx) => ctx.Long("Limit") is { } limit ? (int)Math.Min(limit, int.MaxValue) : null;

    /// <summary>ExclusiveStartKey as a key of the table, or null.</summary>
    public static ItemKey? ExclusiveStartKey(OperationContext ctx, TableDefinition table)
    {
        if (ctx.Item("ExclusiveStartKey") is not { } start) return null;
        try
        {
            return table.KeySchema.KeyOfKeyParameter(start);
        }
        catch (DynamoException e) when (e.Code == ErrorCode.Validation)
        {
            throw DynamoException.Validation("The provided starting key is invalid: " + e.Message);
        }
    }

    /// <summary>Items (unless counting), Count, ScannedCount, LastEvaluatedKey and ConsumedCapacity.</summary>
    /// <param name="index">The index read, whose key joins the table's in LastEvaluatedKey.</param>
    public static void WritePage(Utf8JsonWriter w, OperationContext ctx, TableDefinition table, IQueryPage page, bool countOnly,
        SecondaryIndexDefinition? index = null)
    {
        w.WriteStartObject();
        if (!countOnly)
        {
            w.WriteStartArray("Items");
            foreach (var item in page.Items) Model.Attributes.AttributeValueJson.WriteItem(w, item);
            w.WriteEndArray();
        }
        w.WriteNumber("Count", page.Count);
        w.WriteNumber("ScannedCount", page.ScannedCount);
        if (page.LastEvaluatedKey is { } last)
        {
            var key = table.KeySchema.KeyAttributesOf(last);
            if (index is not null && page.LastEvaluatedIndexKey is { } indexKey)
                foreach (var (name, value) in index.KeySchema.KeyAttributesOf(indexKey)) key[name] = value;
            w.WriteItemMember("LastEvaluatedKey", key);
        }
        bool consistent = ctx.Bool("ConsistentRead");
        double units = CapacityUnits.ForRead(page.ScannedBytes, consistent);
        if (index is null)
        {
            w.WriteConsumedCapacity(ctx, table.Name, units, write: false);
        }
        else
        {
            // Items read whole from the table for an LSI cost the table a read each, on top of the index's.
            double fetched = consistent ? page.FetchedUnits : page.FetchedUnits / 2.0;
            w.WriteConsumedCapacity(ctx, new ConsumedCapacity(table.Name, fetched, [new IndexCapacity(index.Name, index.IsGlobal, units)]), write: false);
        }
        w.WriteEndObject();
    }
}
