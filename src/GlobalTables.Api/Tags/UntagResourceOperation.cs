using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Tags;

/// <summary>UntagResource: removes tags by key; a key the table does not have is no error.</summary>
public static class UntagResourceOperation
{
    const string NotFound = "Requested resource not found";

    public static async Task HandleAsync(OperationContext ctx)
    {
        var (_, name) = TaggedTable.Named(ctx);
        if (ctx.Member("TagKeys") is not { } list)
            throw DynamoException.Validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        var keys = TagRules.CheckedKeys(list.EnumerateArray().Select(k => k.ValueKind == JsonValueKind.String ? k.GetString() : null).ToList());
        var table = TaggedTable.Find(ctx, name, NotFound);
        var result = await ctx.Region.AskCatalog(new UntagTable(table.Name, keys));
        if (result.Error is not null) throw result.Error;
        // No output shape: DynamoDB answers with an empty body, and the .NET SDK checks x-amz-crc32 against the
        // body it reads, which for this operation is none.
    }
}
