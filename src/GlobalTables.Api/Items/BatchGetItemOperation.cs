using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Items;

/// <summary>
/// Up to 100 keys over several tables, read in parallel. Keys whose items would take the response
/// past 16 MB come back in UnprocessedKeys, with their table's projection and ConsistentRead.
/// </summary>
public static class BatchGetItemOperation
{
    public const long ResponseBytesMax = 16L * 1024 * 1024;

    sealed record TableKeys(TableDefinition Table, JsonElement Request, List<(ItemKey Key, JsonElement Raw)> Keys, ProjectionExpression? Projection, bool Consistent);

    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var tables = new List<TableKeys>();
        int keyCount = 0;
        foreach (var entry in ctx.Member("RequestItems")!.Value.EnumerateObject())
        {
            var request = new OperationContext(ctx.Region, entry.Value, ctx.RequestId);
            var attributes = ItemRequest.Attributes(request);
            var projection = ItemRequest.Projection(request, attributes);
            attributes.AssertAllUsed();
            keyCount += request.Member("Keys")?.GetArrayLength() ?? 0;
            if (keyCount > Limits.BatchGetItemsMax) throw DynamoException.Validation("Too many items requested for the BatchGetItem call");
            tables.Add(new TableKeys(ActiveTable(ctx, entry.Name), entry.Value, [], projection, request.Bool("ConsistentRead")));
        }
        foreach (var t in tables)
        {
            var seen = new HashSet<ItemKey>();
            foreach (var raw in t.Request.GetProperty("Keys").EnumerateArray())
            {
                var key = t.Table.KeySchema.KeyOfKeyParameter(AttributeValueJson.ReadItem(raw));
                if (!seen.Add(key)) throw DynamoException.Validation("Provided list of item keys contains duplicates");
                t.Keys.Add((key, raw));
            }
        }

        var reads = tables.Select(t => Task.WhenAll(t.Keys.Select(k => ctx.Region.ReadAsync(t.Table, k.Key)))).ToList();
        var images = await Task.WhenAll(reads);

        long responseBytes = 0;
        var unprocessed = new List<(TableKeys Table, List<JsonElement> Keys)>();
        w.WriteStartObject();
        w.WriteStartObject("Responses");
        var units = new double[tables.Count];
        for (int t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            var left = new List<JsonElement>();
            w.WriteStartArray(NameOf(ctx, t));
            for (int i = 0; i < table.Keys.Count; i++)
            {
                var read = images[t][i];
                int size = read.SizeBytes;
                if (responseBytes + size > ResponseBytesMax)
                {
                    left.Add(table.Keys[i].Raw);
                    continue;
                }
                responseBytes += size;
                units[t] += CapacityUnits.ForRead(size, table.Consistent);
                w.WriteItem(read, table.Projection);
            }
            w.WriteEndArray();
            if (left.Count > 0) unprocessed.Add((table, left));
        }
        w.WriteEndObject();

        w.WriteStartObject("UnprocessedKeys");
        foreach (var (table, keys) in unprocessed)
        {
            w.WritePropertyName(NameOf(ctx, tables.IndexOf(table)));
            w.WriteStartObject();
            foreach (var member in table.Request.EnumerateObject())
            {
                if (member.Name == "Keys") continue;
                member.WriteTo(w);
            }
            w.WriteStartArray("Keys");
            foreach (var key in keys) key.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        BatchCapacity.Write(w, ctx, tables.Select((t, i) => new ConsumedCapacity(NameOf(ctx, i), units[i], [])), write: false);
        w.WriteEndObject();
    }

    /// <summary>The table name as the request spelled it (a name or an ARN), which is how DynamoDB keys the response.</summary>
    static string NameOf(OperationContext ctx, int index) => ctx.Member("RequestItems")!.Value.EnumerateObject().ElementAt(index).Name;

    internal static TableDefinition ActiveTable(OperationContext ctx, string name)
    {
        var table = ctx.Region.Tables.Find(OperationContext.NameFromArn(name));
        if (table is null || table.Status is TableStatus.CREATING or TableStatus.DELETING)
            throw DynamoException.ResourceNotFound();
        return table;
    }
}
