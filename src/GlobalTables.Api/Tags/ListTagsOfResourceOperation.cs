using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;

namespace GlobalTables.Api.Tags;

/// <summary>
/// ListTagsOfResource: the table's tags in key order, <c>globaltables.list-tags-page-size</c> per page (50, so that
/// as in DynamoDB a table's 50 tags come in one page with no NextToken); NextToken is the last key of the page.
/// </summary>
public static class ListTagsOfResourceOperation
{
    public static Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var (arn, name) = TaggedTable.Named(ctx);
        var table = TaggedTable.Find(ctx, name, TaggedTable.NotFound(arn));
        var (page, next) = TagRules.Page(table.Tags, ctx.String("NextToken"), ctx.Region.TagsPageSize);
        w.WriteStartObject();
        w.WriteStartArray("Tags");
        foreach (var tag in page)
        {
            w.WriteStartObject();
            w.WriteString("Key", tag.Key);
            w.WriteString("Value", tag.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (next is not null) w.WriteString("NextToken", next);
        w.WriteEndObject();
        return Task.CompletedTask;
    }
}
