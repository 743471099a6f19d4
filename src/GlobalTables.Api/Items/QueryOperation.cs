using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
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
        var index = IndexReading.Resolve(ctx, table);
        var schema = index?.KeySchema ?? table.KeySchema;
        var keyCondition = parsedKeyCondition.ForKeySchema(schema.PartitionKey.Name, schema.SortKey?.Name);
        QueryValidation.CheckKeyCondition(keyCondition, schema);
        bool forward = ctx.Member("ScanIndexForward") is not { } sif || sif.GetBoolean();
        int? limit = PageReading.Limit(ctx);
        if (index is null)
        {
            var start = PageReading.ExclusiveStartKey(ctx, table);
            if (start is { } s && !s.PartitionKey.Equals(keyCondition.PartitionKeyValue))
                throw DynamoException.Validation("The provided starting key is outside query boundaries based on provided conditions");
            var page = PageAssembler.ForQuery(keyCondition, table.PartitionCount, forward, limit, filter, projection, countOnly, start);
            await ctx.Region.ReadAsync(table, page);
            PageReading.WritePage(w, ctx, table, page, countOnly);
            return;
        }

        var indexStart = IndexReading.ExclusiveStartKey(ctx, table, index);
        if (indexStart is { } st && !st.Index.PartitionKey.Equals(keyCondition.PartitionKeyValue))
            throw DynamoException.Validation("The provided starting key is outside query boundaries based on provided conditions");
        var read = IndexReading.Read(ctx, table, index, projection, countOnly, indexStart?.Index);
        if (index.IsGlobal)
        {
            var merged = new GlobalIndexPage(index.Name, keyCondition, forward, limit, filter, projection, countOnly,
                indexStart is { } g ? new IndexEntry(g.Index, g.Table) : null);
            await ctx.Region.ReadAsync(table, merged);
            PageReading.WritePage(w, ctx, table, merged, countOnly, index);
            return;
        }
        var local = PageAssembler.ForQuery(keyCondition, table.PartitionCount, forward, limit, filter, projection, countOnly, indexStart?.Table, read);
        await ctx.Region.ReadAsync(table, local);
        PageReading.WritePage(w, ctx, table, local, countOnly, index);
    }
}
