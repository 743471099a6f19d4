using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Tables;

public static class UpdateTableOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var table = ctx.AnyTable();
        if (ctx.Has("SSESpecification"))
            throw DynamoException.Validation("One or more parameter values were invalid: SSESpecification is not supported yet by this endpoint");
        var stream = StreamSpecificationOf(ctx);
        if (stream is not null) ReplicaRules.CheckStreamChange(table, stream.Enabled, stream.ViewType);

        var result = ctx.Member("ReplicaUpdates") is { } updates
            ? await ctx.Region.AskCatalog(ReplicaUpdate(ctx, table, updates))
            : await ctx.Region.AskCatalog(ThroughputUpdate(ctx, table, stream));
        if (result.Error is not null) throw result.Error;
        var (count, size, indexes) = await ctx.Region.TableStatsAsync(result.Table!);
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, count, size, indexes);
        w.WriteEndObject();
    }

    static object ThroughputUpdate(OperationContext ctx, TableDefinition table, StreamSpecification? stream)
    {
        var throughput = ctx.Member("ProvisionedThroughput");
        long? rcu = throughput?.TryGetProperty("ReadCapacityUnits", out var r) == true ? r.GetInt64() : null;
        long? wcu = throughput?.TryGetProperty("WriteCapacityUnits", out var wc) == true ? wc.GetInt64() : null;
        var definitions = ctx.Member("AttributeDefinitions")?.EnumerateArray()
            .Select(a => (a.GetProperty("AttributeName").GetString()!, a.GetProperty("AttributeType").GetString()!)).ToList();
        return new UpdateTable(table.Name, ctx.String("BillingMode"), rcu, wcu, stream, IndexUpdates(ctx), definitions);
    }

    /// <summary>GlobalSecondaryIndexUpdates, each member already shape-checked.</summary>
    static List<GlobalIndexUpdate>? IndexUpdates(OperationContext ctx)
    {
        if (ctx.Member("GlobalSecondaryIndexUpdates") is not { ValueKind: JsonValueKind.Array } updates) return null;
        var list = new List<GlobalIndexUpdate>();
        foreach (var update in updates.EnumerateArray())
        {
            if (update.TryGetProperty("Create", out var create) && create.ValueKind == JsonValueKind.Object)
                list.Add(new GlobalIndexUpdate(Create: CreateTableOperation.IndexRequest(create)));
            else if (update.TryGetProperty("Delete", out var delete) && delete.ValueKind == JsonValueKind.Object)
                list.Add(new GlobalIndexUpdate(Delete: delete.GetProperty("IndexName").GetString()));
            else if (update.TryGetProperty("Update", out var change) && change.ValueKind == JsonValueKind.Object)
            {
                var throughput = change.GetProperty("ProvisionedThroughput");
                list.Add(new GlobalIndexUpdate(Update: new GlobalIndexThroughput(change.GetProperty("IndexName").GetString()!,
                    throughput.GetProperty("ReadCapacityUnits").GetInt64(), throughput.GetProperty("WriteCapacityUnits").GetInt64())));
            }
            else list.Add(new GlobalIndexUpdate());
        }
        return list;
    }

    /// <summary>The request's StreamSpecification; the shape check has already required StreamEnabled.</summary>
    public static StreamSpecification? StreamSpecificationOf(OperationContext ctx) =>
        ctx.Member("StreamSpecification") is { } spec
            ? new StreamSpecification(spec.GetProperty("StreamEnabled").GetBoolean(),
                spec.TryGetProperty("StreamViewType", out var view) && view.ValueKind == JsonValueKind.String ? view.GetString() : null)
            : null;

    /// <summary>One replica action per call, as in DynamoDB (global tables version 2019.11.21).</summary>
    static object ReplicaUpdate(OperationContext ctx, TableDefinition table, JsonElement updates)
    {
        if (updates.GetArrayLength() == 0)
            throw DynamoException.Validation("There are no actions specified in the Replica Update Action of the request.");
        if (updates.GetArrayLength() > 1)
            throw DynamoException.Validation("Update table operation with more than one create or delete replica actions not allowed");
        if (ctx.Has("BillingMode") || ctx.Has("ProvisionedThroughput"))
            throw DynamoException.Validation("One or more parameter values were invalid: Replica modification must be the only operation in the request");
        var update = updates[0];
        if (update.TryGetProperty("Create", out var create) && create.ValueKind == JsonValueKind.Object)
            return new AddReplica(table.Name, create.GetProperty("RegionName").GetString()!);
        if (update.TryGetProperty("Delete", out var delete) && delete.ValueKind == JsonValueKind.Object)
            return new RemoveReplica(table.Name, delete.GetProperty("RegionName").GetString()!);
        throw DynamoException.Validation("One or more parameter values were invalid: Only Create and Delete replica actions are supported by this endpoint");
    }
}
