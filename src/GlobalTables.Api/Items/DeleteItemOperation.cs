using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Partitions;

namespace GlobalTables.Api.Items;

public static class DeleteItemOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var keyAttributes = ctx.Item("Key")!;
        var attributes = ItemRequest.Attributes(ctx);
        var condition = ItemRequest.Condition(ctx, attributes);
        attributes.AssertAllUsed();
        var returnValues = ItemRequest.ReturnValues(ctx, updateItem: false);
        var table = ctx.ActiveTable();
        var key = table.KeySchema.KeyOfKeyParameter(keyAttributes);

        var decision = await ctx.Region.WriteAsync(table, new DeleteRequest(key, condition, returnValues, ItemRequest.ReturnItemOnConditionFailure(ctx)));
        if (decision.Error is not null) throw decision.Error;

        ItemRequest.WriteResponse(w, ctx, table, decision);
    }
}
