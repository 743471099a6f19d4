using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Queries;

namespace GlobalTables.Api.Items;

public static class QueryOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var attributes = ItemRequest.Attributes(ctx);
        var parsedKeyCondition = (ctx.String("KeyConditionExpression") is { } keyText
                ? ExpressionParser.ParseKeyCondition(keyText, attributes)
                : LegacyRequest.KeyConditions(ctx))
            ?? throw DynamoException.Validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
        var filter = ctx.String("FilterExpression") is { } f ? ExpressionParser.ParseFilter(f, attributes) : LegacyRequest.Filter(ctx, "QueryFilter");
        var (countOnly, projection) = PageReading.Select(ctx, ItemRequest.Projection(ctx, attributes), legacyProjection: ctx.Has("AttributesToGet"));
        attributes.AssertAllUsed();

        var table = ctx.ActiveTable();
        if (ctx.String("IndexName") is { } index)
            throw DynamoException.Validation($"The table does not have the specified index: {index}");
        var schema = table.KeySchema;
        var keyCondition = parsedKeyCondition.ForKeySchema(schema.PartitionKey.Name, schema.SortKey?.Name);
        QueryValidation.CheckKeyCondition(keyCondition, schema);
        var start = PageReading.ExclusiveStartKey(ctx, table);
        if (start is { } s && !s.PartitionKey.Equals(keyCondition.PartitionKeyValue))
            throw DynamoException.Validation("The provided starting key is outside query boundaries based on provided conditions");

        bool forward = ctx.Member("ScanIndexForward") is not { } sif || sif.GetBoolean();
        var page = PageAssembler.ForQuery(keyCondition, table.PartitionCount, forward, PageReading.Limit(ctx), filter, projection, countOnly, start);
        await ctx.Region.ReadAsync(table, page);
        PageReading.WritePage(w, ctx, table, page, countOnly);
    }
}
