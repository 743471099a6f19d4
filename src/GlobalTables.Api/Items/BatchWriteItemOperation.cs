using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Items;

/// <summary>
/// Up to 25 puts and deletes over several tables, each applied on its own (not atomically), in
/// parallel. Everything a client can get wrong is checked before the first write; after that, a write
/// that could not be done (a timeout, an item locked by a transaction, a journal that did not keep it)
/// comes back in UnprocessedItems for the client to retry, so an error never hides writes that were made.
/// Only when every write failed is the answer an error.
/// </summary>
public static class BatchWriteItemOperation
{
    sealed record Write(string TableName, TableDefinition Table, WriteRequest Request, JsonElement Raw);

    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var writes = new List<Write>();
        int count = 0;
        foreach (var entry in ctx.Member("RequestItems")!.Value.EnumerateObject())
        {
            count += entry.Value.GetArrayLength();
            if (count > Limits.BatchWriteItemsMax) throw DynamoException.Validation("Too many items requested for the BatchWriteItem call");
        }
        foreach (var entry in ctx.Member("RequestItems")!.Value.EnumerateObject())
        {
            var table = BatchGetItemOperation.ActiveTable(ctx, entry.Name);
            var seen = new HashSet<ItemKey>();
            foreach (var raw in entry.Value.EnumerateArray())
            {
                var request = Parse(table, raw);
                if (!seen.Add(request.Key)) throw DynamoException.Validation("Provided list of item keys contains duplicates");
                writes.Add(new Write(entry.Name, table, request, raw));
            }
        }

        var results = await Task.WhenAll(writes.Select(async write =>
        {
            // Whatever went wrong with one write (a timeout, a partition restarting), the others may have been made:
            // it is unprocessed, and the client's retry of a put or a delete is safe.
            try { return await ctx.Region.WriteAsync(write.Table, write.Request); }
            catch (DynamoException e) { return WriteDecision.Failed(e); }
            catch (Exception) { return WriteDecision.Failed(DynamoException.InternalServerError()); }
        }));
        if (results.All(r => r.Error is not null)) throw results[0].Error!;

        w.WriteStartObject();
        w.WriteStartObject("UnprocessedItems");
        foreach (var group in writes.Select((write, i) => (write, result: results[i]))
                     .Where(x => x.result.Error is not null)
                     .GroupBy(x => x.write.TableName))
        {
            w.WriteStartArray(group.Key);
            foreach (var (write, _) in group) write.Raw.WriteTo(w);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        BatchCapacity.Write(w, ctx, writes.Select((write, i) =>
            results[i] is { Error: null } r ? r.Consumed(write.TableName) : new ConsumedCapacity(write.TableName, 0, [])), write: true);
        w.WriteItemCollectionMetrics(ctx, writes.Select((write, i) => (write.Table, results[i].Collection)));
        w.WriteEndObject();
    }

    static WriteRequest Parse(TableDefinition table, JsonElement raw)
    {
        bool put = raw.TryGetProperty("PutRequest", out var p) && p.ValueKind != JsonValueKind.Null;
        bool delete = raw.TryGetProperty("DeleteRequest", out var d) && d.ValueKind != JsonValueKind.Null;
        if (put == delete)
            throw DynamoException.Validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        if (put)
        {
            var item = AttributeValueJson.ReadItem(p.GetProperty("Item"));
            var key = table.KeySchema.KeyOfItem(item);
            table.KeySchema.CheckKeySizes(key);
            if (ItemSize.Of(item) > Limits.ItemSizeBytesMax) throw DynamoException.Validation("Item size has exceeded the maximum allowed size");
            return new PutRequest(key, item, null, ReturnValue.NONE, false);
        }
        return new DeleteRequest(table.KeySchema.KeyOfKeyParameter(AttributeValueJson.ReadItem(d.GetProperty("Key"))), null, ReturnValue.NONE, false);
    }
}
