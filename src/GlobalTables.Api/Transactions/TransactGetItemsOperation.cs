using System.Text.Json;
using GlobalTables.Api.Items;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Transactions;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Transactions;

namespace GlobalTables.Api.Transactions;

/// <summary>
/// Up to 100 reads that see one consistent moment: every partition is read twice, and the reads
/// count only when no item changed between the two collects and none is held by a transaction
/// (the double-collect snapshot). An item held by a committing transaction cancels the read with
/// TransactionConflict, as in DynamoDB.
/// </summary>
public static class TransactGetItemsOperation
{
    const int CollectsMax = 5;

    sealed record Get(int Index, TableDefinition Table, ItemKey Key, ProjectionExpression? Projection);

    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var gets = new List<Get>();
        var seen = new HashSet<(string, ItemKey)>();
        foreach (var item in ctx.Member("TransactItems")!.Value.EnumerateArray())
        {
            var action = new OperationContext(ctx.Region, item.GetProperty("Get"), ctx.RequestId);
            var attributes = ItemRequest.Attributes(action);
            var projection = ItemRequest.Projection(action, attributes);
            attributes.AssertAllUsed();
            var table = action.ActiveTable();
            var key = table.KeySchema.KeyOfKeyParameter(action.Item("Key")!);
            if (!seen.Add((table.Name, key)))
                throw DynamoException.Validation("Transaction request cannot include multiple operations on one item");
            gets.Add(new Get(gets.Count, table, key, projection));
        }

        var first = await CollectAsync(ctx, gets);
        for (int attempt = 1; ; attempt++)
        {
            var locked = gets.Where(g => first[g.Index].Locked).ToList();
            if (locked.Count > 0 || attempt == CollectsMax)
            {
                var reasons = gets.Select(g => first[g.Index].Locked || locked.Count == 0 ? CancellationReason.Conflict : CancellationReason.None).ToList();
                throw new TransactionCanceledException(reasons);
            }
            var second = await CollectAsync(ctx, gets);
            if (gets.All(g => Equals(first[g.Index].Version, second[g.Index].Version) && !second[g.Index].Locked)) break;
            first = second;
        }

        w.WriteStartObject();
        w.WriteStartArray("Responses");
        foreach (var g in gets)
        {
            w.WriteStartObject();
            if (first[g.Index].Image is { } image) w.WriteItemMember("Item", g.Projection is null ? image : g.Projection.Apply(image));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        BatchCapacity.Write(w, ctx, gets.Select(g => new ConsumedCapacity(g.Table.Name, 2 * CapacityUnits.ForRead(ItemSize.Of(first[g.Index].Image), consistent: true), [])), write: false);
        w.WriteEndObject();
    }

    static async Task<(IReadOnlyDictionary<string, AttributeValue>? Image, Model.Replication.Version? Version, bool Locked)[]> CollectAsync(
        OperationContext ctx, List<Get> gets)
    {
        var results = new (IReadOnlyDictionary<string, AttributeValue>?, Model.Replication.Version?, bool)[gets.Count];
        var groups = gets.GroupBy(g => (g.Table.Name, Partition: g.Key.PartitionOf(g.Table.PartitionCount))).ToList();
        var reads = await Task.WhenAll(groups.Select(group =>
            ctx.Region.ReadForTransactionAsync(group.First().Table, group.Key.Partition, group.Select(g => g.Key).ToList())));
        for (int i = 0; i < groups.Count; i++)
        {
            int j = 0;
            foreach (var g in groups[i]) results[g.Index] = reads[i].Items[j++];
        }
        return results;
    }
}
