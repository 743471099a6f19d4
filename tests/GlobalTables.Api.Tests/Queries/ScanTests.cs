using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Queries;

public sealed class ScanTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Loads items through BatchWriteItem, 25 a call, several calls in flight.</summary>
    static async Task LoadAsync(IAmazonDynamoDB client, string table, int count, Func<int, Dictionary<string, AttributeValue>> item)
    {
        var batches = Enumerable.Range(0, count).Chunk(25).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            var requests = batch.Select(i => new WriteRequest(new PutRequest(item(i)))).ToList();
            var pending = new Dictionary<string, List<WriteRequest>> { [table] = requests };
            while (pending.Count > 0)
            {
                var r = await client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, ct);
                pending = r.UnprocessedItems ?? [];
            }
        });
    }

    static async Task<List<Dictionary<string, AttributeValue>>> ScanAllAsync(IAmazonDynamoDB client, ScanRequest request, Action<ScanResponse>? onPage = null)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        do
        {
            var page = await client.ScanAsync(request);
            onPage?.Invoke(page);
            items.AddRange(page.Items);
            request.ExclusiveStartKey = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (request.ExclusiveStartKey is not null);
        return items;
    }

    [Fact]
    public async Task Paging_through_5000_items_of_10_KB_reads_1_MB_a_page_and_loses_or_repeats_none()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "ScanBig", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        var payload = new string('x', 10 * 1024);
        await LoadAsync(client, "ScanBig", 5000, i => new() { ["pk"] = S("p" + i % 97), ["sk"] = N(i), ["data"] = S(payload) });

        var pages = new List<ScanResponse>();
        var items = await ScanAllAsync(client, new ScanRequest { TableName = "ScanBig", ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL }, pages.Add);

        Assert.Equal(5000, items.Count);
        Assert.Equal(5000, items.Select(i => i["sk"].N).Distinct().Count());
        const int itemBytes = 4 + 2 + 2 + 3 + 4 + 10 * 1024; // about 10 KB each
        foreach (var page in pages.SkipLast(1))
        {
            // Each full page holds as many items as fit in 1 MB, and not one more.
            Assert.InRange((long)page.Count!.Value * itemBytes, 1024 * 1024 - 2 * itemBytes, 1024 * 1024);
            Assert.Equal(page.Count, page.ScannedCount);
            Assert.InRange(page.ConsumedCapacity.CapacityUnits!.Value, 120, 130); // 1 MB / 4 KB / 2, eventually consistent
        }
        Assert.InRange(pages.Count, 49, 52);

        // A Query on one partition key pages the same way, here 7 items at a time.
        var queried = new List<string>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.QueryAsync(new QueryRequest
            {
                TableName = "ScanBig",
                KeyConditionExpression = "pk = :p",
                ExpressionAttributeValues = new() { [":p"] = S("p5") },
                ProjectionExpression = "sk",
                Limit = 7,
                ExclusiveStartKey = start,
            });
            queried.AddRange(page.Items.Select(i => i["sk"].N));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        } while (start is not null);
        var expected = Enumerable.Range(0, 5000).Where(i => i % 97 == 5).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected, queried);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(37)]
    public async Task A_parallel_scan_returns_each_item_in_exactly_one_segment(int totalSegments)
    {
        var client = fixture.Client();
        var table = "ScanSegments" + totalSegments;
        await ServerFixture.CreateTableAsync(client, table);
        await LoadAsync(client, table, 1000, i => new() { ["pk"] = S("k" + i), ["n"] = N(i) });

        var perSegment = await Task.WhenAll(Enumerable.Range(0, totalSegments).Select(segment =>
            ScanAllAsync(client, new ScanRequest { TableName = table, Segment = segment, TotalSegments = totalSegments, Limit = 50 })));

        var all = perSegment.SelectMany(s => s.Select(i => i["pk"].S)).ToList();
        Assert.Equal(1000, all.Count);
        Assert.Equal(1000, all.Distinct().Count());
        Assert.True(perSegment.Count(s => s.Count > 0) > totalSegments / 2, "segments should share the work");
    }

    [Fact]
    public async Task Scan_filters_projects_counts_and_validates_segments()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "ScanOptions", "pk", ScalarAttributeType.N);
        await LoadAsync(client, "ScanOptions", 100, i => new() { ["pk"] = N(i), ["even"] = new AttributeValue { BOOL = i % 2 == 0 }, ["x"] = S("v" + i) });
        await client.DeleteItemAsync("ScanOptions", new() { ["pk"] = N(0) });

        var evens = await ScanAllAsync(client, new ScanRequest
        {
            TableName = "ScanOptions",
            FilterExpression = "even = :t",
            ProjectionExpression = "pk",
            ExpressionAttributeValues = new() { [":t"] = new AttributeValue { BOOL = true } },
            Limit = 10,
        });
        Assert.Equal(49, evens.Count);
        Assert.All(evens, i => Assert.Equal(["pk"], i.Keys));

        var count = await client.ScanAsync(new ScanRequest { TableName = "ScanOptions", Select = Select.COUNT });
        Assert.Equal(99, count.Count);
        Assert.Equal(99, count.ScannedCount);

        async Task<string> Fails(ScanRequest r) => (await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ScanAsync(r))).Message;
        Assert.Equal("The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4",
            await Fails(new ScanRequest { TableName = "ScanOptions", Segment = 4, TotalSegments = 4 }));
        Assert.Equal("The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
            await Fails(new ScanRequest { TableName = "ScanOptions", Segment = 1 }));
        Assert.Equal("Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES",
            await Fails(new ScanRequest { TableName = "ScanOptions", ProjectionExpression = "pk", Select = Select.ALL_ATTRIBUTES }));
    }
}
