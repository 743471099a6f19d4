using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Queries;

namespace GlobalTables.Api.Items;

public static class ScanOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var attributes = ItemRequest.Attributes(ctx);
        var filter = ctx.String("FilterExpression") is { } f ? ExpressionParser.ParseFilter(f, attributes) : LegacyRequest.Filter(ctx, "ScanFilter");
        var (countOnly, projection) = PageReading.Select(ctx, ItemRequest.Projection(ctx, attributes), legacyProjection: ctx.Has("AttributesToGet"));
        attributes.AssertAllUsed();
        var (segment, totalSegments) = Segments(ctx);

        var table = ctx.ActiveTable();
        if (ctx.String("IndexName") is { } index)
            throw DynamoException.Validation($"The table does not have the specified index: {index}");
        var start = PageReading.ExclusiveStartKey(ctx, table);
        var page = PageAssembler.ForScan(new ScanSegment(segment, totalSegments, table.PartitionCount), PageReading.Limit(ctx), filter, projection, countOnly, start);
        await ctx.Region.ReadAsync(table, page);
        PageReading.WritePage(w, ctx, table, page, countOnly);
    }

    static (int Segment, int TotalSegments) Segments(OperationContext ctx)
    {
        var segment = ctx.Long("Segment");
        var total = ctx.Long("TotalSegments");
        if (segment is not null && total is null)
            throw DynamoException.Validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
        if (total is not null && segment is null)
            throw DynamoException.Validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
        if (segment is null || total is null) return (0, 1);
        if (segment >= total)
            throw DynamoException.Validation($"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {total}");
        return ((int)segment, (int)total);
    }
}
