using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Tables;

public static class UpdateTableOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var table = ctx.AnyTable();
        foreach (var unsupported in new[] { "GlobalSecondaryIndexUpdates", "ReplicaUpdates", "StreamSpecification", "SSESpecification" })
            if (ctx.Has(unsupported))
                throw DynamoException.Validation($"One or more parameter values were invalid: {unsupported} is not supported yet by this endpoint");
        var throughput = ctx.Member("ProvisionedThroughput");
        long? rcu = throughput?.TryGetProperty("ReadCapacityUnits", out var r) == true ? r.GetInt64() : null;
        long? wcu = throughput?.TryGetProperty("WriteCapacityUnits", out var wc) == true ? wc.GetInt64() : null;
        var result = await ctx.Region.AskCatalog(new UpdateTable(table.Name, ctx.String("BillingMode"), rcu, wcu));
        if (result.Error is not null) throw result.Error;
        var (count, size) = await ctx.Region.StatsAsync(result.Table!);
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, count, size);
        w.WriteEndObject();
    }
}
