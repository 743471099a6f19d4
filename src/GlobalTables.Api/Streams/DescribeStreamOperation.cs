using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Streams;

public static class DescribeStreamOperation
{
    const int LimitMax = 100;

    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var arn = ctx.String("StreamArn")!;
        var (table, stream) = StreamLookup.Find(ctx, arn);
        int limit = StreamLookup.LimitOf(ctx, LimitMax);
        var shards = await ctx.Region.Streams.DescribeAsync(table, stream);

        // CHILD_SHARDS lists the shards that took over from the one named, for a reader that finished it.
        if (ctx.Member("ShardFilter") is { } filter)
        {
            if (!filter.TryGetProperty("ShardId", out var parentId) || parentId.ValueKind != JsonValueKind.String)
                throw DynamoException.Validation("1 validation error detected: Value null at 'shardFilter.shardId' failed to satisfy constraint: Member must not be null");
            if (!filter.TryGetProperty("Type", out var type) || type.ValueKind != JsonValueKind.String)
                throw DynamoException.Validation("1 validation error detected: Value null at 'shardFilter.type' failed to satisfy constraint: Member must not be null");
            var parent = StreamShard.TryParse(parentId.GetString()!);
            shards = shards.Where(s => parent is not null && s.Shard.Parent == parent).ToList();
        }
        if (ctx.String("ExclusiveStartShardId") is { } startId)
        {
            int at = shards.FindIndex(s => s.Shard.Id == startId);
            shards = at < 0 ? shards : shards.Skip(at + 1).ToList();
        }

        w.WriteStartObject();
        w.WriteStartObject("StreamDescription");
        w.WriteString("StreamArn", StreamLookup.ArnOf(ctx, table, stream));
        w.WriteString("StreamLabel", stream.Label);
        w.WriteString("StreamStatus", stream.IsEnabled ? "ENABLED" : "DISABLED");
        w.WriteString("StreamViewType", stream.ViewType);
        w.WriteNumber("CreationRequestDateTime", stream.EnabledAt.ToUnixTimeMilliseconds() / 1000.0);
        w.WriteString("TableName", table.Name);
        w.WriteStartArray("KeySchema");
        foreach (var (key, type) in table.KeySchema.SortKey is { } sort
            ? new[] { (table.KeySchema.PartitionKey, "HASH"), (sort, "RANGE") } : [(table.KeySchema.PartitionKey, "HASH")])
        {
            w.WriteStartObject();
            w.WriteString("AttributeName", key.Name);
            w.WriteString("KeyType", type);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("Shards");
        foreach (var s in shards.Take(limit))
        {
            w.WriteStartObject();
            w.WriteString("ShardId", s.Shard.Id);
            w.WriteStartObject("SequenceNumberRange");
            w.WriteString("StartingSequenceNumber", SequenceNumber.Format(s.StartingSequence));
            if (s.EndingSequence is { } end) w.WriteString("EndingSequenceNumber", SequenceNumber.Format(end));
            w.WriteEndObject();
            if (s.Shard.Parent is { } parentShard) w.WriteString("ParentShardId", parentShard.Id);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (shards.Count > limit) w.WriteString("LastEvaluatedShardId", shards[limit - 1].Shard.Id);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
