using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;

namespace GlobalTables.Api.TimeToLive;

/// <summary>DescribeTimeToLive: the status as of now, and the attribute unless time to live is disabled.</summary>
public static class DescribeTimeToLiveOperation
{
    public static Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var table = ctx.AnyTable();
        var now = ctx.Region.Time.GetUtcNow();
        w.WriteStartObject();
        w.WriteStartObject("TimeToLiveDescription");
        w.WriteString("TimeToLiveStatus", (table.TimeToLive?.StatusAt(now) ?? TimeToLiveStatus.DISABLED).ToString());
        if (table.TimeToLive?.AttributeNameAt(now) is { } attribute) w.WriteString("AttributeName", attribute);
        w.WriteEndObject();
        w.WriteEndObject();
        return Task.CompletedTask;
    }
}
