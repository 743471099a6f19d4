using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Streams;

public static class GetShardIteratorOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var arn = ctx.String("StreamArn")!;
        var shardId = ctx.String("ShardId")!;
        var type = ctx.String("ShardIteratorType")!;
        var sequence = ctx.String("SequenceNumber");
        bool needsSequence = type is "AT_SEQUENCE_NUMBER" or "AFTER_SEQUENCE_NUMBER";
        if (needsSequence && sequence is null)
            throw DynamoException.Validation($"Must specify a SequenceNumber for ShardIteratorType {type}");
        if (!needsSequence && sequence is not null)
            throw DynamoException.Validation($"Cannot specify a SequenceNumber for ShardIteratorType {type}");

        var (table, stream) = StreamLookup.Find(ctx, arn);
        if (StreamShard.TryParse(shardId) is not { } shard || !ctx.Region.Streams.Exists(table, stream, shard))
            throw DynamoException.ResourceNotFound($"Requested resource not found: Shard: {shardId} in Stream: {arn} not found");
        var iterator = await ctx.Region.Streams.IteratorAsync(StreamLookup.ArnOf(ctx, table, stream), table, stream, shard, type, sequence);
        w.WriteStartObject();
        w.WriteString("ShardIterator", iterator.Encode());
        w.WriteEndObject();
    }
}
