using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Api.Items;

public static class PutItemOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var item = ctx.Item("Item")!;
        var attributes = ItemRequest.Attributes(ctx);
        var condition = ItemRequest.Condition(ctx, attributes);
        attributes.AssertAllUsed();
        var returnValues = ItemRequest.ReturnValues(ctx, updateItem: false);
        var table = ctx.ActiveTable();
        var key = table.KeySchema.KeyOfItem(item);
        table.KeySchema.CheckKeySizes(key);

        var decision = await ctx.Region.WriteAsync(table, new PutRequest(key, item, condition, returnValues, ItemRequest.ReturnItemOnConditionFailure(ctx)));
        if (decision.Error is not null) throw decision.Error;

        ItemRequest.WriteResponse(w, ctx, table, decision);
    }
}
