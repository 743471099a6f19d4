using GlobalTables.Api.Protocol;
using GlobalTables.Model.Backups;
using GlobalTables.Model.Tables;

namespace GlobalTables.Api.Backups;

/// <summary>The override members both restore operations take.</summary>
public static class RestoreOverridesReader
{
    public static RestoreOverrides From(OperationContext ctx)
    {
        var throughput = ctx.Member("ProvisionedThroughputOverride");
        return new RestoreOverrides(
            ctx.String("BillingModeOverride") is { } billing ? Enum.Parse<BillingMode>(billing) : null,
            throughput?.TryGetProperty("ReadCapacityUnits", out var read) == true ? read.GetInt64() : null,
            throughput?.TryGetProperty("WriteCapacityUnits", out var write) == true ? write.GetInt64() : null,
            IndexNames(ctx, "GlobalSecondaryIndexOverride"),
            IndexNames(ctx, "LocalSecondaryIndexOverride"),
            ctx.Member("SSESpecificationOverride") is { } sse && sse.TryGetProperty("Enabled", out var enabled) ? enabled.GetBoolean() : null);
    }

    static IReadOnlyList<string>? IndexNames(OperationContext ctx, string member) =>
        ctx.Member(member) is { } list ? list.EnumerateArray().Select(i => i.GetProperty("IndexName").GetString()!).ToList() : null;
}
