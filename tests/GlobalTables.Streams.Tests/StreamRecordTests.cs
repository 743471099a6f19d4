using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests;
using Record = Amazon.DynamoDBv2.Model.Record;

namespace GlobalTables.Streams.Tests;

public sealed class StreamRecordTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static async Task CreateStreamTableAsync(IAmazonDynamoDB client, string name, StreamViewType viewType)
    {
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = viewType },
        });
        await ServerFixture.WaitForStatusAsync(client, name, TableStatus.ACTIVE);
    }

    static Dictionary<string, AttributeValue> Item(string pk, int v) => new() { ["pk"] = new AttributeValue(pk), ["v"] = new AttributeValue { N = v.ToString() } };

    static bool Empty(Dictionary<string, AttributeValue>? image) => image is null or { Count: 0 };

    [Theory]
    [InlineData("KEYS_ONLY")]
    [InlineData("NEW_IMAGE")]
    [InlineData("OLD_IMAGE")]
    [InlineData("NEW_AND_OLD_IMAGES")]
    public async Task Each_view_type_carries_the_images_it_asks_for(string viewType)
    {
        var client = fixture.Client();
        var streams = fixture.StreamsClient();
        var table = "views-" + viewType.ToLowerInvariant().Replace('_', '-');
        await CreateStreamTableAsync(client, table, new StreamViewType(viewType));
        var started = DateTime.UtcNow;

        await client.PutItemAsync(table, Item("a", 1));
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = new() { ["pk"] = new AttributeValue("a") },
            UpdateExpression = "SET v = :two", ExpressionAttributeValues = new() { [":two"] = new AttributeValue { N = "2" } },
        });
        await client.DeleteItemAsync(table, new() { ["pk"] = new AttributeValue("a") });
        // A delete of an absent item changes nothing, and makes no record.
        await client.DeleteItemAsync(table, new() { ["pk"] = new AttributeValue("never") });
        await client.PutItemAsync(table, Item("b", 7));

        var description = (await client.DescribeTableAsync(table)).Table;
        Assert.True(description.StreamSpecification.StreamEnabled);
        Assert.Equal(viewType, description.StreamSpecification.StreamViewType.Value);
        var arn = description.LatestStreamArn;
        Assert.Equal($"arn:aws:dynamodb:us-east-1:000000000000:table/{table}/stream/{description.LatestStreamLabel}", arn);
        var listed = await streams.ListStreamsAsync(new ListStreamsRequest { TableName = table });
        Assert.Equal(arn, Assert.Single(listed.Streams).StreamArn);

        var records = await StreamReading.ReadAllAsync(streams, arn);
        Assert.Equal(4, records.Count);
        var a = records.Where(r => r.Dynamodb.Keys["pk"].S == "a").ToList();
        Assert.Equal(["INSERT", "MODIFY", "REMOVE"], a.Select(r => r.EventName.Value));
        Assert.True(a.Zip(a.Skip(1), (x, y) => decimal.Parse(x.Dynamodb.SequenceNumber) < decimal.Parse(y.Dynamodb.SequenceNumber)).All(b => b));
        foreach (var r in records)
        {
            Assert.Equal("aws:dynamodb", r.EventSource);
            Assert.Equal("1.1", r.EventVersion);
            Assert.Equal("us-east-1", r.AwsRegion);
            Assert.Equal(viewType, r.Dynamodb.StreamViewType.Value);
            Assert.Equal(["pk"], r.Dynamodb.Keys.Keys);
            Assert.True(r.Dynamodb.SizeBytes > 0);
            Assert.InRange(r.Dynamodb.ApproximateCreationDateTime.ToUniversalTime(), started.AddSeconds(-2), DateTime.UtcNow.AddSeconds(2));
            Assert.True(r.Dynamodb.SequenceNumber.Length >= 21);
        }
        Assert.Equal(4, records.Select(r => r.EventID).Distinct().Count());

        bool news = viewType is "NEW_IMAGE" or "NEW_AND_OLD_IMAGES", olds = viewType is "OLD_IMAGE" or "NEW_AND_OLD_IMAGES";
        string?[] expectedNew = news ? ["1", "2", null] : [null, null, null];
        string?[] expectedOld = olds ? [null, "1", "2"] : [null, null, null];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(expectedNew[i], Empty(a[i].Dynamodb.NewImage) ? null : a[i].Dynamodb.NewImage["v"].N);
            Assert.Equal(expectedOld[i], Empty(a[i].Dynamodb.OldImage) ? null : a[i].Dynamodb.OldImage["v"].N);
        }
    }

    [Fact]
    public async Task Writes_that_change_nothing_make_no_record_and_create_no_item()
    {
        var client = fixture.Client();
        var streams = fixture.StreamsClient();
        await CreateStreamTableAsync(client, "noops", StreamViewType.NEW_AND_OLD_IMAGES);
        var key = new Dictionary<string, AttributeValue> { ["pk"] = new("a") };
        var missing = new Dictionary<string, AttributeValue> { ["pk"] = new("missing") };
        var gone = new Dictionary<string, AttributeValue> { ["pk"] = new("gone") };
        Task Update(Dictionary<string, AttributeValue> k, string expression, ReturnValue? returnValues = null) => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "noops", Key = k, UpdateExpression = expression, ReturnValues = returnValues,
            ExpressionAttributeValues = expression.Contains(":one") ? new() { [":one"] = new AttributeValue { N = "1" } } : null,
        });

        await client.PutItemAsync("noops", Item("a", 1));                        // INSERT
        await client.PutItemAsync("noops", Item("gone", 1));                     // INSERT
        await client.DeleteItemAsync("noops", gone);                             // REMOVE
        // Nothing below changes anything.
        await client.PutItemAsync("noops", Item("a", 1));
        await Update(key, "SET v = :one");
        await Update(key, "REMOVE nothing_here");
        await client.DeleteItemAsync("noops", missing);
        await client.DeleteItemAsync("noops", gone);
        await Update(missing, "REMOVE v", ReturnValue.ALL_NEW);
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "noops", Key = missing,
            AttributeUpdates = new() { ["v"] = new AttributeValueUpdate { Action = AttributeAction.DELETE } },
        });
        await client.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>>
        {
            ["noops"] = [new WriteRequest(new DeleteRequest(missing)), new WriteRequest(new PutRequest(Item("a", 1)))],
        });
        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new TransactWriteItem { Delete = new Delete { TableName = "noops", Key = missing } }],
        });

        var records = await StreamReading.ReadAllAsync(streams, await StreamReading.StreamArnAsync(client, "noops"));
        Assert.Equal(["INSERT a", "INSERT gone", "REMOVE gone"],
            records.Select(r => $"{r.EventName.Value} {r.Dynamodb.Keys["pk"].S}").Order(StringComparer.Ordinal));
        // No phantom: the removes on a missing key created nothing.
        Assert.False((await client.GetItemAsync("noops", missing)).IsItemSet);
        var scan = await client.ScanAsync(new ScanRequest { TableName = "noops" });
        Assert.Equal(["a"], scan.Items.Select(i => i["pk"].S));
    }

    [Fact]
    public async Task A_reader_pages_through_ten_thousand_changes_and_sees_each_once_in_item_order()
    {
        var client = fixture.Client();
        var streams = fixture.StreamsClient();
        await CreateStreamTableAsync(client, "paging", StreamViewType.NEW_IMAGE);
        const int items = 1000, versions = 10;
        // Each item is written version after version; items are written side by side.
        await Parallel.ForEachAsync(Enumerable.Range(0, items), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            for (int v = 1; v <= versions; v++) await client.PutItemAsync("paging", Item($"item-{i}", v));
        });

        var arn = await StreamReading.StreamArnAsync(client, "paging");
        var records = new List<Record>();
        var pages = 0;
        foreach (var shard in await StreamReading.ShardsAsync(streams, arn))
        {
            var iterator = (await streams.GetShardIteratorAsync(new GetShardIteratorRequest
            {
                StreamArn = arn, ShardId = shard.ShardId, ShardIteratorType = ShardIteratorType.TRIM_HORIZON,
            })).ShardIterator;
            var inShard = new List<Record>();
            while (true)
            {
                var page = await streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = 250 });
                pages++;
                Assert.InRange(page.Records?.Count ?? 0, 0, 250);
                if (page.Records is not { Count: > 0 }) break;
                inShard.AddRange(page.Records);
                iterator = page.NextShardIterator;
                Assert.NotNull(iterator);
            }
            var sequence = inShard.Select(r => decimal.Parse(r.Dynamodb.SequenceNumber)).ToList();
            Assert.Equal(sequence.Order(), sequence);
            Assert.Equal(sequence.Count, sequence.Distinct().Count());
            records.AddRange(inShard);
        }

        Assert.Equal(items * versions, records.Count);
        Assert.True(pages > items * versions / 250);
        Assert.Equal(items * versions, records.Select(r => (r.Dynamodb.Keys["pk"].S, r.Dynamodb.NewImage["v"].N)).Distinct().Count());
        foreach (var item in records.GroupBy(r => r.Dynamodb.Keys["pk"].S))
        {
            Assert.Equal(Enumerable.Range(1, versions).Select(v => v.ToString()), item.Select(r => r.Dynamodb.NewImage["v"].N));
            Assert.Equal("INSERT", item.First().EventName.Value);
            Assert.All(item.Skip(1), r => Assert.Equal("MODIFY", r.EventName.Value));
        }
    }

    [Fact]
    public async Task Enabling_and_disabling_a_stream_follows_DynamoDB()
    {
        var client = fixture.Client();
        var streams = fixture.StreamsClient();
        await ServerFixture.CreateTableAsync(client, "toggled");
        var plain = (await client.DescribeTableAsync("toggled")).Table;
        Assert.Null(plain.StreamSpecification);
        Assert.Null(plain.LatestStreamArn);

        async Task<string> RefusedAsync(StreamSpecification spec) =>
            (await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UpdateTableAsync(new UpdateTableRequest { TableName = "toggled", StreamSpecification = spec }))).Message;

        Assert.Equal("Table has no stream to disable: TableName: toggled", await RefusedAsync(new StreamSpecification { StreamEnabled = false }));
        Assert.Equal("One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required",
            await RefusedAsync(new StreamSpecification { StreamEnabled = true }));

        await client.UpdateTableAsync(new UpdateTableRequest { TableName = "toggled", StreamSpecification = new() { StreamEnabled = true, StreamViewType = StreamViewType.NEW_IMAGE } });
        await ServerFixture.WaitForStatusAsync(client, "toggled", TableStatus.ACTIVE);
        var first = (await client.DescribeTableAsync("toggled")).Table.LatestStreamArn;
        Assert.Equal("Table already has an enabled stream: TableName: toggled",
            await RefusedAsync(new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY }));
        Assert.Equal("One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified",
            await RefusedAsync(new StreamSpecification { StreamEnabled = false, StreamViewType = StreamViewType.KEYS_ONLY }));

        await client.PutItemAsync("toggled", new() { ["pk"] = new AttributeValue("during") });
        await client.UpdateTableAsync(new UpdateTableRequest { TableName = "toggled", StreamSpecification = new() { StreamEnabled = false } });
        await ServerFixture.WaitForStatusAsync(client, "toggled", TableStatus.ACTIVE);
        await client.PutItemAsync("toggled", new() { ["pk"] = new AttributeValue("after") });

        // Disabled: the specification goes, the latest ARN stays, and the old stream reads as DISABLED with sealed shards.
        var disabled = (await client.DescribeTableAsync("toggled")).Table;
        Assert.Null(disabled.StreamSpecification);
        Assert.Equal(first, disabled.LatestStreamArn);
        // Shards are sealed a moment after the stream ends, once a write stamped before the end has surely committed.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        StreamDescription old;
        while (true)
        {
            old = (await streams.DescribeStreamAsync(new DescribeStreamRequest { StreamArn = first })).StreamDescription;
            if (old.Shards.All(s => s.SequenceNumberRange.EndingSequenceNumber is not null) || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }
        Assert.Equal(StreamStatus.DISABLED, old.StreamStatus);
        Assert.Equal("toggled", old.TableName);
        Assert.Equal("pk", Assert.Single(old.KeySchema).AttributeName);
        Assert.Equal(16, old.Shards.Count);
        Assert.All(old.Shards, s => Assert.NotNull(s.SequenceNumberRange.EndingSequenceNumber));
        var oldRecords = await StreamReading.ReadAllAsync(streams, first);
        Assert.Equal("during", Assert.Single(oldRecords).Dynamodb.Keys["pk"].S);

        await client.UpdateTableAsync(new UpdateTableRequest { TableName = "toggled", StreamSpecification = new() { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY } });
        await ServerFixture.WaitForStatusAsync(client, "toggled", TableStatus.ACTIVE);
        var second = (await client.DescribeTableAsync("toggled")).Table.LatestStreamArn;
        Assert.NotEqual(first, second);
        await client.PutItemAsync("toggled", new() { ["pk"] = new AttributeValue("later") });
        var listed = await streams.ListStreamsAsync(new ListStreamsRequest { TableName = "toggled" });
        Assert.Equal([first, second], listed.Streams.Select(s => s.StreamArn));
        var newRecords = await StreamReading.ReadAllAsync(streams, second);
        var only = Assert.Single(newRecords);
        Assert.Equal("later", only.Dynamodb.Keys["pk"].S);
        Assert.True(Empty(only.Dynamodb.NewImage));
    }

    [Fact]
    public async Task Transactions_make_one_record_per_item_and_keep_later_old_images_right()
    {
        var client = fixture.Client();
        var streams = fixture.StreamsClient();
        await CreateStreamTableAsync(client, "txstream", StreamViewType.NEW_AND_OLD_IMAGES);
        await client.PutItemAsync("txstream", Item("a", 1));
        await client.PutItemAsync("txstream", Item("c", 1));
        Put Put(string pk, int v, string? condition = null) => new() { TableName = "txstream", Item = Item(pk, v), ConditionExpression = condition };
        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new() { Put = Put("a", 2) }, new() { Put = Put("b", 1) }],
        });
        // A cancelled transaction writes its prepare and abort to the journal, and no record.
        await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [new() { Put = Put("a", 9) }, new() { Put = Put("c", 9, "attribute_not_exists(pk)") }],
        }));
        await client.PutItemAsync("txstream", Item("a", 3));

        var records = await StreamReading.ReadAllAsync(streams, await StreamReading.StreamArnAsync(client, "txstream"));
        string History(string pk) => string.Join(", ", records.Where(r => r.Dynamodb.Keys["pk"].S == pk)
            .Select(r => $"{r.EventName.Value} {(Empty(r.Dynamodb.OldImage) ? "-" : r.Dynamodb.OldImage["v"].N)}->{(Empty(r.Dynamodb.NewImage) ? "-" : r.Dynamodb.NewImage["v"].N)}"));
        Assert.Equal("INSERT -->1, MODIFY 1->2, MODIFY 2->3", History("a"));
        Assert.Equal("INSERT -->1", History("b"));
        Assert.Equal("INSERT -->1", History("c"));
    }

    [Fact]
    public async Task Bad_stream_requests_get_DynamoDB_errors()
    {
        var client = fixture.Client();
        var streams = fixture.StreamsClient();
        await CreateStreamTableAsync(client, "badstreams", StreamViewType.NEW_AND_OLD_IMAGES);
        var arn = await StreamReading.StreamArnAsync(client, "badstreams");
        var missing = arn.Replace("badstreams", "nosuchtable");

        var notFound = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            streams.DescribeStreamAsync(new DescribeStreamRequest { StreamArn = missing }));
        Assert.Equal($"Requested resource not found: Stream: {missing} not found", notFound.Message);

        var noShard = await Assert.ThrowsAsync<ResourceNotFoundException>(() => streams.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = arn, ShardId = "shardId-00000000000000000099-00000000", ShardIteratorType = ShardIteratorType.TRIM_HORIZON,
        }));
        Assert.Contains("shardId-00000000000000000099-00000000", noShard.Message);

        var shard = (await StreamReading.ShardsAsync(streams, arn))[0].ShardId;
        var noSequence = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => streams.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = arn, ShardId = shard, ShardIteratorType = ShardIteratorType.AT_SEQUENCE_NUMBER,
        }));
        Assert.Equal("ValidationException", noSequence.ErrorCode);
        Assert.Equal("Must specify a SequenceNumber for ShardIteratorType AT_SEQUENCE_NUMBER", noSequence.Message);
        var extraSequence = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => streams.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = arn, ShardId = shard, ShardIteratorType = ShardIteratorType.TRIM_HORIZON, SequenceNumber = "000000000000000000001",
        }));
        Assert.Equal("Cannot specify a SequenceNumber for ShardIteratorType TRIM_HORIZON", extraSequence.Message);

        var badIterator = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = "not-an-iterator" }));
        Assert.Equal("ValidationException", badIterator.ErrorCode);
        Assert.Equal("Invalid ShardIterator", badIterator.Message);

        var iterator = (await streams.GetShardIteratorAsync(new GetShardIteratorRequest { StreamArn = arn, ShardId = shard, ShardIteratorType = ShardIteratorType.LATEST })).ShardIterator;
        var tooMany = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => streams.GetRecordsAsync(new GetRecordsRequest { ShardIterator = iterator, Limit = 1001 }));
        Assert.Equal("1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000", tooMany.Message);

        var badType = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => streams.GetShardIteratorAsync(new GetShardIteratorRequest
        {
            StreamArn = arn, ShardId = shard, ShardIteratorType = new ShardIteratorType("SOMEWHERE"),
        }));
        Assert.StartsWith("1 validation error detected: Value 'SOMEWHERE' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set:", badType.Message);

        var noViewType = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.CreateTableAsync(new CreateTableRequest
        {
            TableName = "noviewtype", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true },
        }));
        Assert.Equal("One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required", noViewType.Message);
    }
}
