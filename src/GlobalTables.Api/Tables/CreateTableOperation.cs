using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Tables;

public static class CreateTableOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        if (!ctx.Has("AttributeDefinitions"))
            throw DynamoException.Validation("1 validation error detected: Value null at 'attributeDefinitions' failed to satisfy constraint: Member must not be null");
        if (!ctx.Has("KeySchema"))
            throw DynamoException.Validation("1 validation error detected: Value null at 'keySchema' failed to satisfy constraint: Member must not be null");
        var definitions = ctx.Member("AttributeDefinitions")!.Value.EnumerateArray()
            .Select(a => (a.GetProperty("AttributeName").GetString()!, a.GetProperty("AttributeType").GetString()!)).ToList();
        var keys = ctx.Member("KeySchema")!.Value.EnumerateArray()
            .Select(k => (k.GetProperty("AttributeName").GetString()!, k.GetProperty("KeyType").GetString()!)).ToList();
        var throughput = ctx.Member("ProvisionedThroughput");
        long? rcu = throughput?.TryGetProperty("ReadCapacityUnits", out var r) == true ? r.GetInt64() : null;
        long? wcu = throughput?.TryGetProperty("WriteCapacityUnits", out var wc) == true ? wc.GetInt64() : null;
        if (ctx.Has("LocalSecondaryIndexes") || ctx.Has("GlobalSecondaryIndexes"))
            throw DynamoException.Validation("One or more parameter values were invalid: Secondary indexes are not supported yet by this endpoint");
        var request = new CreateTableRequest(ctx.TableName, definitions, keys, ctx.String("BillingMode"), rcu, wcu, HasIndexes: false,
            Stream: UpdateTableOperation.StreamSpecificationOf(ctx));
        var result = await ctx.Region.AskCatalog(new CreateTable(request));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, 0, 0);
        w.WriteEndObject();
    }
}
