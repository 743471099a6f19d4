using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Streams;

namespace GlobalTables.Api.Streams;

public static class GetRecordsOperation
{
    const string EventVersion = "1.1";
    const string EventSource = "aws:dynamodb";
    const string TimeToLivePrincipal = "dynamodb.amazonaws.com";
    const string TimeToLiveIdentityType = "Service";

    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        int limit = StreamLookup.LimitOf(ctx, ShardReader.RecordsMax);
        var iterator = ShardIterator.TryDecode(ctx.String("ShardIterator")!)
            ?? throw DynamoException.Validation("Invalid ShardIterator");
        var (table, stream) = StreamLookup.Find(ctx, iterator.StreamArn);
        var read = await ctx.Region.Streams.ReadAsync(table, stream, iterator, limit);

        w.WriteStartObject();
        w.WriteStartArray("Records");
        foreach (var r in read.Records)
        {
            w.WriteStartObject();
            w.WriteString("eventID", r.EventId);
            w.WriteString("eventName", r.EventName);
            w.WriteString("eventVersion", EventVersion);
            w.WriteString("eventSource", EventSource);
            w.WriteString("awsRegion", ctx.Region.Name);
            if (r.ByTimeToLive)
            {
                // As DynamoDB marks its time to live deletes, in every replica's stream.
                w.WriteStartObject("userIdentity");
                w.WriteString("PrincipalId", TimeToLivePrincipal);
                w.WriteString("Type", TimeToLiveIdentityType);
                w.WriteEndObject();
            }
            w.WriteStartObject("dynamodb");
            w.WriteNumber("ApproximateCreationDateTime", r.ApproximateCreationDateTime.ToUnixTimeSeconds());
            w.WriteItemMember("Keys", r.Keys);
            w.WriteItemMember("NewImage", r.NewImage);
            w.WriteItemMember("OldImage", r.OldImage);
            w.WriteString("SequenceNumber", SequenceNumber.Format(r.Sequence));
            w.WriteNumber("SizeBytes", r.SizeBytes);
            w.WriteString("StreamViewType", r.ViewType);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (read.Next is { } next) w.WriteString("NextShardIterator", next.Encode());
        w.WriteEndObject();
    }
}
