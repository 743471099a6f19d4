using System.Text.Json;
using GlobalTables.Api.Protocol;

namespace GlobalTables.Api.Tables;

/// <summary>DynamoDB's default account and table quotas.</summary>
public static class DescribeLimitsOperation
{
    public const long AccountCapacityUnitsMax = 80000;
    public const long TableCapacityUnitsMax = 40000;

    public static Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("AccountMaxReadCapacityUnits", AccountCapacityUnitsMax);
        w.WriteNumber("AccountMaxWriteCapacityUnits", AccountCapacityUnitsMax);
        w.WriteNumber("TableMaxReadCapacityUnits", TableCapacityUnitsMax);
        w.WriteNumber("TableMaxWriteCapacityUnits", TableCapacityUnitsMax);
        w.WriteEndObject();
        return Task.CompletedTask;
    }
}
