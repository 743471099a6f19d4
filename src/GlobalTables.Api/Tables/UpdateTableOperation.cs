using System.Text.Json;
using GlobalTables.Api.Protocol;
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
        foreach (var unsupported in new[] { "GlobalSecondaryIndexUpdates", "SSESpecification" })
            if (ctx.Has(unsupported))
                throw DynamoException.Validation($"One or more parameter values were invalid: {unsupported} is not supported yet by this endpoint");
        var stream = StreamSpecificationOf(ctx);
        if (stream is not null) ReplicaRules.CheckStreamChange(table, stream.Enabled, stream.ViewType);

        var result = ctx.Member("ReplicaUpdates") is { } updates
            ? await ctx.Region.AskCatalog(ReplicaUpdate(ctx, table, updates))
            : await ctx.Region.AskCatalog(ThroughputUpdate(ctx, table, stream));
        if (result.Error is not null) throw result.Error;
        var (count, size) = await ctx.Region.StatsAsync(result.Table!);
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, count, size);
        w.WriteEndObject();
    }

    static object ThroughputUpdate(OperationContext ctx, TableDefinition table, StreamSpecification? stream)
    {
        var throughput = ctx.Member("ProvisionedThroughput");
        long? rcu = throughput?.TryGetProperty("ReadCapacityUnits", out var r) == true ? r.GetInt64() : null;
        long? wcu = throughput?.TryGetProperty("WriteCapacityUnits", out var wc) == true ? wc.GetInt64() : null;
        return new UpdateTable(table.Name, ctx.String("BillingMode"), rcu, wcu, stream);
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
        if (updates.GetArrayLength() != 1)
            throw DynamoException.Validation("One or more parameter values were invalid: Only one replica update is allowed per request");
        if (ctx.Has("BillingMode") || ctx.Has("ProvisionedThroughput"))
            throw DynamoException.Validation("One or more parameter values were invalid: ReplicaUpdates cannot be combined with other table updates in one request");
        var update = updates[0];
        if (update.TryGetProperty("Create", out var create) && create.ValueKind == JsonValueKind.Object)
            return new AddReplica(table.Name, create.GetProperty("RegionName").GetString()!);
        if (update.TryGetProperty("Delete", out var delete) && delete.ValueKind == JsonValueKind.Object)
            return new RemoveReplica(table.Name, delete.GetProperty("RegionName").GetString()!);
        throw DynamoException.Validation("One or more parameter values were invalid: Only Create and Delete replica actions are supported by this endpoint");
    }
}
