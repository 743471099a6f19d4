using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Capacity;
using GlobalTables.Model.Items;

namespace GlobalTables.Api.Items;

public static class GetItemOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var keyAttributes = ctx.Item("Key")!;
        var attributes = ItemRequest.Attributes(ctx);
        var projection = ItemRequest.Projection(ctx, attributes);
        attributes.AssertAllUsed();
        var table = ctx.ActiveTable();
        var key = table.KeySchema.KeyOfKeyParameter(keyAttributes);

        var read = await ctx.Region.ReadAsync(table, key);

        w.WriteStartObject();
        if (read.EncodedImage is not null)
        {
            w.WritePropertyName("Item"u8);
            w.WriteItem(read, projection);
        }
        w.WriteConsumedCapacity(ctx, table.Name, CapacityUnits.ForRead(read.SizeBytes, ctx.Bool("ConsistentRead")), write: false);
        w.WriteEndObject();
    }
}
