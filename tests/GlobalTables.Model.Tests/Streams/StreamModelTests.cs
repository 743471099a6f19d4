using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Replication;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tests.Streams;

public sealed class StreamModelTests
{
    static readonly KeySchema Schema = new(new KeyAttribute("pk", AttributeType.S), new KeyAttribute("sk", AttributeType.N));
    static readonly ItemKey Key = new(AttributeValue.FromS("a"), AttributeValue.FromN("1"));
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    static ItemChanged Change(string? v, long physical, string region = "us-east-1", ItemKey? key = null, long previous = 0) => new(
        "t", key ?? Key,
        v is null ? null : new Dictionary<string, AttributeValue> { ["pk"] = AttributeValue.FromS("a"), ["sk"] = AttributeValue.FromN("1"), ["v"] = AttributeValue.FromS(v) },
        new Version(new HlcStamp(physical, 0), region), VersionVector.Empty, PreviousSequence: previous);

    static StreamRecord? Record(ItemChanged change, ItemChanged? previous, string viewType = "NEW_AND_OLD_IMAGES") =>
        StreamRecord.Of(change, previous, 7, T0.AddMilliseconds(1500), "arn", "shardId-1", Schema, viewType);

    [Fact]
    public void Insert_modify_and_remove_follow_the_images_before_and_after()
    {
        var insert = Record(Change("x", 1), null)!;
        Assert.Equal(StreamRecord.Insert, insert.EventName);
        Assert.Null(insert.OldImage);
        Assert.Equal("x", insert.NewImage!["v"].S);
        Assert.Equal(["pk", "sk"], insert.Keys.Keys.Order());

        var modify = Record(Change("y", 2, previous: 1), Change("x", 1))!;
        Assert.Equal(StreamRecord.Modify, modify.EventName);
        Assert.Equal("x", modify.OldImage!["v"].S);
        Assert.Equal("y", modify.NewImage!["v"].S);

        var remove = Record(Change(null, 3, previous: 2), Change("y", 2))!;
        Assert.Equal(StreamRecord.Remove, remove.EventName);
        Assert.Null(remove.NewImage);
        Assert.Equal("y", remove.OldImage!["v"].S);

        // A put over a tombstone is an INSERT again.
        Assert.Equal(StreamRecord.Insert, Record(Change("z", 4, previous: 3), Change(null, 3))!.EventName);
        // Whole seconds, rounded down.
        Assert.Equal(T0.AddSeconds(1), insert.ApproximateCreationDateTime);
    }

    [Fact]
    public void A_change_that_kept_the_current_Version_or_deleted_nothing_makes_no_record()
    {
        var current = Change("x", 5);
        Assert.Null(Record(current with { Context = VersionVector.Empty.With(new Version(new HlcStamp(4, 0), "eu-west-2")) }, current));
        Assert.Null(Record(Change(null, 6), null));
        Assert.Null(Record(Change(null, 7), Change(null, 6)));
    }

    [Fact]
    public void A_previous_event_of_another_item_is_not_taken_as_the_old_image()
    {
        var other = Change("other", 1, key: new ItemKey(AttributeValue.FromS("b"), AttributeValue.FromN("1")));
        var record = Record(Change("x", 2), other)!;
        Assert.Equal(StreamRecord.Insert, record.EventName);
        Assert.Null(record.OldImage);
    }

    [Theory]
    [InlineData("KEYS_ONLY", false, false)]
    [InlineData("NEW_IMAGE", true, false)]
    [InlineData("OLD_IMAGE", false, true)]
    [InlineData("NEW_AND_OLD_IMAGES", true, true)]
    public void The_view_type_picks_the_images_and_the_size_counts_them(string viewType, bool hasNew, bool hasOld)
    {
        var record = Record(Change("new", 2), Change("old", 1), viewType)!;
        Assert.Equal(hasNew, record.NewImage is not null);
        Assert.Equal(hasOld, record.OldImage is not null);
        long expected = ItemSize.Of(record.Keys) + ItemSize.Of(record.NewImage) + ItemSize.Of(record.OldImage);
        Assert.Equal(expected, record.SizeBytes);
        Assert.Equal(viewType, record.ViewType);
    }

    [Fact]
    public void The_same_record_always_has_the_same_event_id_and_others_differ()
    {
        var a = Record(Change("x", 1), null)!;
        Assert.Equal(a.EventId, Record(Change("x", 1), null)!.EventId);
        Assert.NotEqual(a.EventId, StreamRecord.Of(Change("x", 1), null, 8, T0, "arn", "shardId-1", Schema, "KEYS_ONLY")!.EventId);
        Assert.Matches("^[0-9a-f]{32}$", a.EventId);
    }

    [Fact]
    public void Shard_ids_iterators_sequence_numbers_and_arns_round_trip()
    {
        var shard = new StreamShard(13, 42);
        Assert.Equal("shardId-00000000000000000042-0000000d", shard.Id);
        Assert.InRange(shard.Id.Length, 28, 65);
        Assert.Equal(shard, StreamShard.TryParse(shard.Id));
        Assert.Equal(new StreamShard(13, 41), shard.Parent);
        Assert.Null(new StreamShard(3, 0).Parent);
        Assert.Null(StreamShard.TryParse("shardId-nonsense"));

        var iterator = new ShardIterator("arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-11-26T09:00:00.000", shard, 12345, T0);
        var text = iterator.Encode();
        Assert.True(text.Length <= 2048);
        Assert.Equal(iterator, ShardIterator.TryDecode(text));
        Assert.Null(ShardIterator.TryDecode("garbage"));
        Assert.Null(ShardIterator.TryDecode("arn|1|%%%"));

        Assert.Equal("000000000000000000042", SequenceNumber.Format(42));
        Assert.Equal(42, SequenceNumber.TryParse("000000000000000000042"));
        Assert.Null(SequenceNumber.TryParse("-1"));
        Assert.Null(SequenceNumber.TryParse("12a"));

        var arn = StreamArn.TryParse("arn:aws:dynamodb:eu-west-2:123456789012:table/Music/stream/2026-11-26T09:00:00.000");
        Assert.Equal(new StreamArn("eu-west-2", "123456789012", "Music", "2026-11-26T09:00:00.000"), arn);
        Assert.Equal("arn:aws:dynamodb:eu-west-2:123456789012:table/Music/stream/2026-11-26T09:00:00.000", arn.ToString());
        Assert.Null(StreamArn.TryParse("arn:aws:dynamodb:eu-west-2:123456789012:table/Music"));
    }

    [Fact]
    public void Shard_windows_roll_over_seal_and_trim()
    {
        var layout = new ShardLayout(TimeSpan.FromHours(4), TimeSpan.FromSeconds(2), TimeSpan.FromHours(24));
        var stream = new TableStream("NEW_IMAGE", T0);
        Assert.Equal((0, 0), layout.Windows(stream, T0.AddHours(1)));
        Assert.Equal((0, 2), layout.Windows(stream, T0.AddHours(9)));
        Assert.Equal((1, 7), layout.Windows(stream, T0.AddHours(29)));
        Assert.False(layout.IsSealed(stream, 0, T0.AddHours(4)));
        Assert.True(layout.IsSealed(stream, 0, T0.AddHours(4).AddSeconds(2)));

        // A disabled stream's last window ends when it was disabled, and the stream is listed until its records are trimmed.
        var ended = stream with { DisabledAt = T0.AddHours(5) };
        Assert.Equal(T0.AddHours(5), layout.WindowEnd(ended, 1));
        Assert.Equal((0, 1), layout.Windows(ended, T0.AddHours(9)));
        Assert.True(layout.IsSealed(ended, 1, T0.AddHours(5).AddSeconds(3)));
        Assert.True(layout.IsListed(ended, T0.AddHours(28)));
        Assert.False(layout.IsListed(ended, T0.AddHours(30)));
        Assert.True(ended.Holds(T0.AddHours(4)));
        Assert.False(ended.Holds(T0.AddHours(5)));
    }

    static TableDefinition Table() => new("Music", Guid.NewGuid().ToString(), Schema, [Schema.PartitionKey, Schema.SortKey!],
        BillingMode.PAY_PER_REQUEST, 0, 0, 16, TableStatus.ACTIVE, T0);

    [Fact]
    public void StreamSpecification_turns_streams_on_and_off_with_DynamoDB_messages()
    {
        var t = Table();
        Assert.Null(t.Stream);
        var e = Assert.Throws<DynamoException>(() => new StreamSpecification(false, null).ApplyOnUpdate(t, T0));
        Assert.Equal("Table has no stream to disable: TableName: Music", e.Message);
        e = Assert.Throws<DynamoException>(() => new StreamSpecification(true, null).ApplyOnUpdate(t, T0));
        Assert.Equal("One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required", e.Message);

        var on = new StreamSpecification(true, "KEYS_ONLY").ApplyOnUpdate(t, T0.AddMinutes(1));
        Assert.Equal(new TableStream("KEYS_ONLY", T0.AddMinutes(1)), on.Stream);
        e = Assert.Throws<DynamoException>(() => new StreamSpecification(true, "NEW_IMAGE").ApplyOnUpdate(on, T0));
        Assert.Equal("Table already has an enabled stream: TableName: Music", e.Message);
        e = Assert.Throws<DynamoException>(() => new StreamSpecification(false, "NEW_IMAGE").ApplyOnUpdate(on, T0));
        Assert.Equal("One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified", e.Message);

        var off = new StreamSpecification(false, null).ApplyOnUpdate(on, T0.AddMinutes(2));
        Assert.Null(off.Stream);
        Assert.Equal([new TableStream("KEYS_ONLY", T0.AddMinutes(1), T0.AddMinutes(2))], off.Streams);
        // Enabled again in the same millisecond, the new stream still gets a label of its own.
        var again = new StreamSpecification(true, "NEW_IMAGE").ApplyOnUpdate(off, T0.AddMinutes(1));
        Assert.Equal(2, again.Streams.Select(s => s.Label).Distinct().Count());
        Assert.Equal("NEW_IMAGE", again.Streams.Last().ViewType);
    }
}
