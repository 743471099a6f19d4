using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GlobalTables.Api.Items;
using GlobalTables.Api.Protocol;
using GlobalTables.Model;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Transactions;

namespace GlobalTables.Api.Transactions;

/// <summary>
/// Up to 100 Put, Update, Delete and ConditionCheck actions, all or nothing, through the region's
/// transaction coordinator (a persisted two-phase commit; see docs/transactions.md).
/// </summary>
public static class TransactWriteItemsOperation
{
    static readonly string[] Kinds = ["ConditionCheck", "Put", "Delete", "Update"];

    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var items = ctx.Member("TransactItems")!.Value;
        var actions = new List<TransactionAction>();
        var capacity = new List<(string TableName, Model.Tables.TableDefinition Table, double Units)>();
        var seen = new HashSet<(string, ItemKey)>();
        int index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var present = Kinds.Where(k => item.TryGetProperty(k, out var v) && v.ValueKind != JsonValueKind.Null).ToList();
            if (present.Count != 1) throw DynamoException.Validation("TransactItems can only contain one of Check, Put, Update or Delete");
            var action = new OperationContext(ctx.Region, item.GetProperty(present[0]), ctx.RequestId);
            var (table, request, units) = Parse(present[0], action);
            if (!seen.Add((table.Name, request.Key)))
                throw DynamoException.Validation("Transaction request cannot include multiple operations on one item");
            actions.Add(new TransactionAction(index++, table.PartitionEntityId(request.Key.PartitionOf(table.PartitionCount)), request));
            capacity.Add((action.TableName, table, units));
        }

        var token = ctx.String("ClientRequestToken");
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(items.GetRawText())));
        var outcome = await ctx.Region.TransactWriteAsync(token, hash, actions);
        if (outcome.Error is not null) throw outcome.Error;

        var decided = (outcome.Decisions ?? []).ToDictionary(d => d.Index, d => d.Decision);
        w.WriteStartObject();
        // A transaction's index writes are doubled with its table writes.
        BatchCapacity.Write(w, ctx, capacity.Select((c, i) => new ConsumedCapacity(c.TableName, c.Units,
            decided.GetValueOrDefault(i)?.IndexUnits?.Select(u => u with { Units = 2 * u.Units }).ToList() ?? [])), write: true);
        w.WriteItemCollectionMetrics(ctx, capacity.Select((c, i) => (c.Table, decided.GetValueOrDefault(i)?.Collection)));
        w.WriteEndObject();
    }

    /// <summary>One action as a write request, with its table and the write units a transaction charges (twice a plain write's).</summary>
    static (Model.Tables.TableDefinition Table, WriteRequest Request, double Units) Parse(string kind, OperationContext action)
    {
        var attributes = ItemRequest.Attributes(action);
        var condition = ItemRequest.Condition(action, attributes);
        var update = kind == "Update" && action.String("UpdateExpression") is { } text ? ExpressionParser.ParseUpdate(text, attributes) : null;
        attributes.AssertAllUsed();
        var table = action.ActiveTable();
        bool returnItem = ItemRequest.ReturnItemOnConditionFailure(action);
        switch (kind)
        {
            case "Put":
            {
                var item = action.Item("Item")!;
                var key = table.KeySchema.KeyOfItem(item);
                table.KeySchema.CheckKeySizes(key);
                int size = ItemSize.Of(item);
                if (size > Limits.ItemSizeBytesMax) throw DynamoException.Validation("Item size has exceeded the maximum allowed size");
                return (table, new PutRequest(key, item, condition, ReturnValue.NONE, returnItem), 2 * CapacityUnits.ForWrite(0, size));
            }
            case "Update":
            {
                var keyAttributes = action.Item("Key")!;
                var key = table.KeySchema.KeyOfKeyParameter(keyAttributes);
                foreach (var name in update?.TopLevelAttributes ?? [])
                    if (table.KeySchema.IsKeyAttribute(name))
                        throw DynamoException.Validation($"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key");
                return (table, new UpdateRequest(key, keyAttributes, update, condition, ReturnValue.NONE, returnItem), 2);
            }
            case "Delete":
                return (table, new DeleteRequest(table.KeySchema.KeyOfKeyParameter(action.Item("Key")!), condition, ReturnValue.NONE, returnItem), 2);
            default:
                return (table, new CheckRequest(table.KeySchema.KeyOfKeyParameter(action.Item("Key")!), condition!, returnItem), 2);
        }
    }
}
