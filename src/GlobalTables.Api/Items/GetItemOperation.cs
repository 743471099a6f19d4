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
        var image = read.Image;

        w.WriteStartObject();
        if (image is not null) w.WriteItemMember("Item", projection is null ? image : projection.Apply(image));
        w.WriteConsumedCapacity(ctx, table.Name, CapacityUnits.ForRead(ItemSize.Of(image), ctx.Bool("ConsistentRead")), write: false);
        w.WriteEndObject();
    }
}
