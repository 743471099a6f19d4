using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests;
using GlobalTables.Testing;
using Record = Amazon.DynamoDBv2.Model.Record;

namespace GlobalTables.Streams.Tests;

public sealed class ShiftedTimeFixture : IAsyncLifetime
{
    public ShiftedTime Time { get; } = new();
    public ServerFixture Server { get; }

    public ShiftedTimeFixture() => Server = new ServerFixture { Time = Time };

    public Task InitializeAsync() => Server.InitializeAsync();

    public Task DisposeAsync() => Server.DisposeAsync();
}

public sealed class ShardIteratorTests(ShiftedTimeFixture fixture) : IClassFixture<ShiftedTimeFixture>
{
    /// <summary>A table whose writes all go to one partition, so to one shard: one partition key, many sort keys.</summary>
    static async Task<(string Arn, string ShardId)> OneShardTableAsync(IAmazonDynamoDB client, IAmazonDynamoDBStreams streams, string name, int items)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE },
        });
        await ServerFixture.WaitForStatusAsync(client, name, TableStatus.ACTIVE);
        for (int i = 1; i <= items; i++) await PutAsync(client, name, i);
        var arn = await StreamReading.StreamArnAsync(client, name);
        foreach (var shard in await StreamReading.ShardsAsync(streams, arn))
            if ((await ReadAsync(streams, arn, shard.ShardId, ShardIteratorType.TRIM_HORIZON)).Count > 0) return (arn, shard.ShardId);
        throw new InvalidOperationException("No shard holds the writes");
    }

    static Task PutAsync(IAmazonDynamoDB client, string table, int sk) =>
        client.PutItemAsync(table, new() { ["pk"] = new AttributeValue("one"), ["sk"] = new AttributeValue { N = sk.ToString() } });

    static async Task<string> IteratorAsync(IAmazonDynamoDBStreams streams, string arn, string shard, ShardIteratorType type, string? sequence = null) =>
        (await streams.GetShardIteratorAsync(new GetShardIteratorRequest { StreamArn = arn, ShardId = shard, ShardIteratorType = type, SequenceNumber = sequence })).ShardIterator;

    static async Task<List<Record>> ReadAsync(IAmazonDynamoDBStreams streams, string arn, string shard, ShardIteratorType type, string? sequence = null) =>
        await StreamReading.DrainAsync(streams, await IteratorAsync(streams, arn, shard, type, sequence));

    static IEnumerable<string> SortKeys(IEnumerable<Record> records) => records.Select(r => r.Dynamodb.Keys["sk"].N);

    [Fact]
    public async Task Each_iterator_type_starts_where_DynamoDB_starts_it()
    {
        var client = fixture.Server.Client();
        var streams = fixture.Server.StreamsClient();
        var (arn, shard) = await OneShardTableAsync(client, streams, "iterators", 3);

        var all = await ReadAsync(streams, arn, shard, ShardIteratorType.TRIM_HORIZON);
        Assert.Equal(["1", "2", "3"], SortKeys(all));
        var second = all[1].Dynamodb.SequenceNumber;
        Assert.Equal(["2", "3"], SortKeys(await ReadAsync(streams, arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, second)));
        Assert.Equal(["3"], SortKeys(await ReadAsync(streams, arn, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second)));

        // LATEST starts after the newest record: only later writes are read.
        var latest = await IteratorAsync(streams, arn, shard, ShardIteratorType.LATEST);
        var empty = await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = latest });
        Assert.Empty(empty.Records);
        Assert.NotNull(empty.NextShardIterator);
        await PutAsync(client, "iterators", 4);
        Assert.Equal(["4"], SortKeys(await StreamReading.DrainAsync(streams, empty.NextShardIterator)));

        var unknown = await Assert.ThrowsAsync<AmazonDynamoDBException>(() =>
            IteratorAsync(streams, arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, "999999999999999999999"));
        Assert.Equal("ValidationException", unknown.ErrorCode);
    }

    [Fact]
    public async Task Iterators_expire_after_fifteen_minutes_and_records_are_trimmed_after_a_day()
    {
        var client = fixture.Server.Client();
        var streams = fixture.Server.StreamsClient();
        var (arn, shard) = await OneShardTableAsync(client, streams, "expiring", 2);
        var iterator = await IteratorAsync(streams, arn, shard, ShardIteratorType.TRIM_HORIZON);
        var first = (await ReadAsync(streams, arn, shard, ShardIteratorType.TRIM_HORIZON))[0].Dynamodb.SequenceNumber;
        try
        {
            fixture.Time.Offset = TimeSpan.FromMinutes(14);
            Assert.Equal(2, (await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator })).Records.Count);

            fixture.Time.Offset = TimeSpan.FromMinutes(16);
            var expired = await Assert.ThrowsAsync<ExpiredIteratorException>(() => streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator }));
            Assert.StartsWith("Iterator expired. The iterator was created at time ", expired.Message);
            Assert.EndsWith("which is further in the future than the tolerated delay of 900000 milliseconds.", expired.Message);

            // An iterator taken just before the records age out finds them trimmed when it is used just after.
            fixture.Time.Offset = TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1);
            var beforeTrim = await IteratorAsync(streams, arn, shard, ShardIteratorType.TRIM_HORIZON);
            fixture.Time.Offset = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1);
            var trimmed = await Assert.ThrowsAsync<TrimmedDataAccessException>(() => streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = beforeTrim }));
            Assert.Equal("TrimmedDataAccessException", trimmed.ErrorCode);

            // A day on, the records are past the retention: a sequence number is refused, and TRIM_HORIZON starts after them.
            fixture.Time.Offset = TimeSpan.FromHours(25);
            await Assert.ThrowsAsync<TrimmedDataAccessException>(() => IteratorAsync(streams, arn, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, first));
            Assert.Empty(await ReadAsync(streams, arn, shard, ShardIteratorType.TRIM_HORIZON));
        }
        finally
        {
            fixture.Time.Offset = TimeSpan.Zero;
        }
    }
}
