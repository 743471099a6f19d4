using System.Text.Json;
using GlobalTables.Api.Protocol;

namespace GlobalTables.Api.Streams;

public static class ListStreamsOperation
{
    const int LimitMax = 100;

    public static Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        int limit = StreamLookup.LimitOf(ctx, LimitMax);
        var tableName = ctx.String("TableName") is { } name ? OperationContext.NameFromArn(name) : null;
        var start = ctx.String("ExclusiveStartStreamArn");
        var now = ctx.Region.Streams.Now;
        var streams = ctx.Region.Tables.All.Values
            .Where(t => tableName is null || t.Name == tableName)
            .SelectMany(t => t.Streams.Where(s => ctx.Region.Streams.Layout.IsListed(s, now))
                .Select(s => (Table: t.Name, Label: s.Label, Arn: StreamLookup.ArnOf(ctx, t, s))))
            .ToList();
        if (start is not null)
        {
            int at = streams.FindIndex(s => s.Arn == start);
            streams = at < 0 ? streams.Where(s => string.CompareOrdinal(s.Arn, start) > 0).ToList() : streams.Skip(at + 1).ToList();
        }
        w.WriteStartObject();
        w.WriteStartArray("Streams");
        foreach (var s in streams.Take(limit))
        {
            w.WriteStartObject();
            w.WriteString("StreamArn", s.Arn);
            w.WriteString("TableName", s.Table);
            w.WriteString("StreamLabel", s.Label);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (streams.Count > limit) w.WriteString("LastEvaluatedStreamArn", streams[limit - 1].Arn);
        w.WriteEndObject();
        return Task.CompletedTask;
    }
}
