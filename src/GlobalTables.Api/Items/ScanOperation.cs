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
        var index = IndexReading.Resolve(ctx, table);
        var segments = new ScanSegment(segment, totalSegments, table.PartitionCount);
        PageAssembler page;
        if (index is null)
        {
            page = PageAssembler.ForScan(segments, PageReading.Limit(ctx), filter, projection, countOnly, PageReading.ExclusiveStartKey(ctx, table));
        }
        else
        {
            // An index is scanned partition by partition of the table, each in the index's order.
            var start = IndexReading.ExclusiveStartKey(ctx, table, index);
            var read = IndexReading.Read(ctx, table, index, projection, countOnly, start?.Index);
            page = PageAssembler.ForScan(segments, PageReading.Limit(ctx), filter, projection, countOnly, start?.Table, read);
        }
        await ctx.Region.ReadAsync(table, page);
        PageReading.WritePage(w, ctx, table, page, countOnly, index);
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
