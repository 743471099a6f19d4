using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Items;

public static class UpdateItemOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var keyAttributes = ctx.Item("Key")!;
        var attributes = ItemRequest.Attributes(ctx);
        var update = ctx.String("UpdateExpression") is { } text ? ExpressionParser.ParseUpdate(text, attributes) : LegacyRequest.AttributeUpdates(ctx);
        var condition = ItemRequest.Condition(ctx, attributes);
        attributes.AssertAllUsed();
        var returnValues = ItemRequest.ReturnValues(ctx, updateItem: true);
        var table = ctx.ActiveTable();
        var key = table.KeySchema.KeyOfKeyParameter(keyAttributes);
        if (update is not null)
            foreach (var name in update.TopLevelAttributes)
                if (table.KeySchema.IsKeyAttribute(name))
                    throw DynamoException.Validation($"One or more parameter values were invalid: Cannot update attribute {name}. This attribute is part of the key");

        var decision = await ctx.Region.WriteAsync(table, new UpdateRequest(key, keyAttributes, update, condition, returnValues, ItemRequest.ReturnItemOnConditionFailure(ctx)));
        if (decision.Error is not null) throw decision.Error;

        ItemRequest.WriteResponse(w, ctx, table, decision);
    }
}
