using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Indexes;
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
        var request = new CreateTableRequest(ctx.TableName, definitions, keys, ctx.String("BillingMode"), rcu, wcu,
            Indexes(ctx.Member("LocalSecondaryIndexes")), Indexes(ctx.Member("GlobalSecondaryIndexes")),
            Stream: UpdateTableOperation.StreamSpecificationOf(ctx),
            Tags: ctx.Member("Tags") is { } tags ? TagRules.Checked(Tags.TagResourceOperation.Parse(tags)) : null);
        var result = await ctx.Region.AskCatalog(new CreateTable(request));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, 0, 0);
        w.WriteEndObject();
    }

    static List<SecondaryIndexRequest>? Indexes(JsonElement? list) =>
        list is { ValueKind: JsonValueKind.Array } l ? l.EnumerateArray().Select(IndexRequest).ToList() : null;

    /// <summary>One LocalSecondaryIndex, GlobalSecondaryIndex or GSI Create member, already shape-checked.</summary>
    public static SecondaryIndexRequest IndexRequest(JsonElement index)
    {
        var keys = index.GetProperty("KeySchema").EnumerateArray()
            .Select(k => (k.GetProperty("AttributeName").GetString()!, k.GetProperty("KeyType").GetString()!)).ToList();
        var projection = index.GetProperty("Projection");
        var type = projection.TryGetProperty("ProjectionType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var names = projection.TryGetProperty("NonKeyAttributes", out var n) && n.ValueKind == JsonValueKind.Array
            ? n.EnumerateArray().Select(a => a.GetString()!).ToList() : null;
        long? rcu = null, wcu = null;
        if (index.TryGetProperty("ProvisionedThroughput", out var throughput) && throughput.ValueKind == JsonValueKind.Object)
        {
            if (throughput.TryGetProperty("ReadCapacityUnits", out var r)) rcu = r.GetInt64();
            if (throughput.TryGetProperty("WriteCapacityUnits", out var wc)) wcu = wc.GetInt64();
        }
        return new SecondaryIndexRequest(index.GetProperty("IndexName").GetString()!, keys, type, names, rcu, wcu);
    }
}
