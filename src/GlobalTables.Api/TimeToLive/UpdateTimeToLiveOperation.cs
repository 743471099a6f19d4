using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.TimeToLive;

/// <summary>UpdateTimeToLive: starts enabling or disabling; answers with the specification it took, as DynamoDB does.</summary>
public static class UpdateTimeToLiveOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var specification = ctx.Member("TimeToLiveSpecification")!.Value;
        var enabled = specification.GetProperty("Enabled").GetBoolean();
        var attribute = specification.GetProperty("AttributeName").GetString()!;
        var table = ctx.AnyTable();
        var result = await ctx.Region.AskCatalog(new UpdateTimeToLive(table.Name, enabled, attribute));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        w.WriteStartObject("TimeToLiveSpecification");
        w.WriteBoolean("Enabled", enabled);
        w.WriteString("AttributeName", attribute);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
