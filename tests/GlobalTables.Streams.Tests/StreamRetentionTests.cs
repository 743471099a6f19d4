using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests;
using GlobalTables.Testing;

namespace GlobalTables.Streams.Tests;

/// <summary>
/// Streams across journal retention (docs/bounded-state.md): once the rows below the retention are deleted, a record
/// whose item was last written before them still has its old image, carried in its own event.
/// </summary>
public sealed class StreamRetentionTests : IAsyncLifetime
{
    readonly ShiftedTime _time = new() { Offset = -TimeSpan.FromHours(25) };
    readonly ServerFixture _server;

    public StreamRetentionTests() => _server = new ServerFixture
    {
        Time = _time,
        // One partition, so one shard; a snapshot every 5 events; retention looked at often.
        ConfigOverrides = """
            globaltables.partitions-per-table = 1
            globaltables.snapshots.after-events = 5
            globaltables.journal-retention.interval = 200ms
            """,
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    static Task PutAsync(IAmazonDynamoDB client, string pk, string v) =>
        client.PutItemAsync("kept", new() { ["pk"] = new AttributeValue(pk), ["v"] = new AttributeValue(v) });

    [Fact]
    public async Task A_record_whose_earlier_write_was_deleted_keeps_its_old_image()
    {
        var client = _server.Client();
        var streams = _server.StreamsClient();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "kept", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        });
        await ServerFixture.WaitForStatusAsync(client, "kept", TableStatus.ACTIVE);

        // A day and an hour ago: the item, then enough writes for a snapshot.
        await PutAsync(client, "a", "before");
        for (int i = 0; i < 6; i++) await PutAsync(client, $"filler{i}", "x");

        // Now: the item again. Its earlier write is past the retention, and the journal lets it go.
        _time.Offset = TimeSpan.Zero;
        await PutAsync(client, "a", "after");

        var arn = await StreamReading.StreamArnAsync(client, "kept");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<Amazon.DynamoDBv2.Model.Record> records;
        while ((records = await StreamReading.ReadAllAsync(streams, arn)).Any(r => r.Dynamodb.Keys["pk"].S == "a" && r.EventName == OperationType.INSERT))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the journal still holds the first write: {records.Count} records");
            await Task.Delay(100);
        }
        var modify = Assert.Single(records, r => r.Dynamodb.Keys["pk"].S == "a");
        Assert.Equal(OperationType.MODIFY, modify.EventName);
        Assert.Equal("before", modify.Dynamodb.OldImage["v"].S);
        Assert.Equal("after", modify.Dynamodb.NewImage["v"].S);
        Assert.Equal("after", (await client.GetItemAsync("kept", new() { ["pk"] = new AttributeValue("a") }, true)).Item["v"].S);
    }
}
