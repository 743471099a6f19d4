using System.Text.Json;
using GlobalTables.Api.Protocol;

namespace GlobalTables.Api.Tables;

public static class DescribeEndpointsOperation
{
    const long CachePeriodInMinutes = 1440;

    public static Task HandleAsync(OperationContext ctx, Utf8JsonWriter w, EndpointDirectory endpoints)
    {
        var endpoint = endpoints.Find(ctx.Region.Name);
        w.WriteStartObject();
        w.WriteStartArray("Endpoints");
        w.WriteStartObject();
        w.WriteString("Address", endpoint is null ? $"dynamodb.{ctx.Region.Name}.amazonaws.com" : endpoint.Authority);
        w.WriteNumber("CachePeriodInMinutes", CachePeriodInMinutes);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        return Task.CompletedTask;
    }
}
