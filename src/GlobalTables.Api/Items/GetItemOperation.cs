using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Attributes;
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
        if (read.EncodedImage is { } encoded)
        {
            w.WritePropertyName("Item"u8);
            if (projection is null) EncodedItemJson.WriteItem(w, encoded.Span);
            else AttributeValueJson.WriteItem(w, projection.Apply(read.Image!));
        }
        w.WriteConsumedCapacity(ctx, table.Name, CapacityUnits.ForRead(read.SizeBytes, ctx.Bool("ConsistentRead")), write: false);
        w.WriteEndObject();
    }
}
