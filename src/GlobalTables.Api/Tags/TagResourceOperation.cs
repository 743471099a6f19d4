using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Tags;

/// <summary>TagResource: adds or replaces tags on a table of this region. DynamoDB checks every tag before it looks for the table.</summary>
public static class TagResourceOperation
{
    public static async Task HandleAsync(OperationContext ctx)
    {
        var (arn, name) = TaggedTable.Named(ctx);
        if (ctx.Member("Tags") is not { } list)
            throw DynamoException.Validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        if (list.GetArrayLength() == 0) throw DynamoException.Validation("Atleast one Tag needs to be provided as Input.");
        var tags = TagRules.Checked(Parse(list));
        var table = TaggedTable.Find(ctx, name, TaggedTable.NotFound(arn));
        var result = await ctx.Region.AskCatalog(new TagTable(table.Name, tags));
        if (result.Error is not null) throw result.Error.Code == ErrorCode.ResourceNotFound ? DynamoException.ResourceNotFound(TaggedTable.NotFound(arn)) : result.Error;
        // No output shape: DynamoDB answers with an empty body, and the .NET SDK checks x-amz-crc32 against the
        // body it reads, which for this operation is none.
    }

    /// <summary>A Tags list as sent, already shape-checked for types; a member left out is null.</summary>
    public static List<(string? Key, string? Value)> Parse(JsonElement list) => list.EnumerateArray()
        .Select(t => (Text(t, "Key"), Text(t, "Value")))
        .ToList();

    static string? Text(JsonElement tag, string member) =>
        tag.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
