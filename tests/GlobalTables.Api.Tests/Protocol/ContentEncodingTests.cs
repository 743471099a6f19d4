using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using GlobalTables.Api.Hosting;
using GlobalTables.Api.Protocol;
using GlobalTables.Api.Tests.Items;

namespace GlobalTables.Api.Tests.Protocol;

/// <summary>
/// Compressed requests and replies on a real endpoint: gzip and deflate bodies are applied, a body that is not in
/// its coding is DynamoDB's 500 and changes nothing, and replies of 4 KB or more come compressed when asked for,
/// with x-amz-crc32 over the bytes sent.
/// </summary>
public sealed class ContentEncodingTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    const string PutItem = "DynamoDB_20120810.PutItem", GetItem = "DynamoDB_20120810.GetItem";
    const string InternalServerError = "com.amazonaws.dynamodb.v20120810#InternalServerError";
    static readonly HttpClient Http = new();

    RawDynamoClient Raw => new(Http, fixture.Server.RegionEndpoints["us-east-1"]);

    static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    static byte[] Zlib(string text)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal)) zlib.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    static string Put(string table, string pk, string value) =>
        "{\"TableName\":\"" + table + "\",\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"v\":{\"S\":\"" + value + "\"}}}";

    async Task<string> TableAsync()
    {
        var table = Av.UniqueName("encoded");
        await ServerFixture.CreateTableAsync(fixture.Client(), table);
        return table;
    }

    async Task<string?> ValueAsync(string table, string pk)
    {
        var got = await fixture.Client().GetItemAsync(new GetItemRequest(table, new() { ["pk"] = new AttributeValue(pk) }, consistentRead: true));
        return got.IsItemSet ? got.Item["v"].S : null;
    }

    static Dictionary<string, string> Encoded(string coding) => new() { ["Content-Encoding"] = coding };

    [Fact]
    public async Task Gzip_deflate_and_concatenated_gzip_bodies_are_applied()
    {
        var table = await TableAsync();
        var gzip = await Raw.SendAsync(PutItem, Gzip(Put(table, "g", "by gzip")), headers: Encoded("gzip"));
        var deflate = await Raw.SendAsync(PutItem, Zlib(Put(table, "d", "by deflate")), headers: Encoded("deflate"));
        var body = Put(table, "c", "in two members");
        var twoMembers = await Raw.SendAsync(PutItem, [.. Gzip(body[..10]), .. Gzip(body[10..])], headers: Encoded("GZIP"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { gzip.Status, deflate.Status, twoMembers.Status });
        Assert.Equal("by gzip", await ValueAsync(table, "g"));
        Assert.Equal("by deflate", await ValueAsync(table, "d"));
        Assert.Equal("in two members", await ValueAsync(table, "c"));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "garbage", "plain" },
        { "br", "gzip" },
        { "gzip", "plain" },
        { "gzip", "truncated" },
        { "gzip", "empty" },
        { "deflate", "gzip" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_body_not_in_its_coding_is_DynamoDBs_500_and_writes_nothing(string coding, string form)
    {
        var table = await TableAsync();
        var text = Put(table, "bad", "never");
        byte[] body = form switch
        {
            "plain" => Encoding.UTF8.GetBytes(text),
            "gzip" => Gzip(text),
            "truncated" => Gzip(text)[..^1],
            _ => [],
        };

        var reply = await Raw.SendAsync(PutItem, body, headers: Encoded(coding));

        Assert.Equal(HttpStatusCode.InternalServerError, reply.Status);
        Assert.Equal(InternalServerError, reply.Type);
        Assert.Null(await ValueAsync(table, "bad"));
        // The endpoint still serves.
        Assert.Equal(HttpStatusCode.OK, (await Raw.SendAsync(PutItem, Gzip(Put(table, "good", "yes")), headers: Encoded("gzip"))).Status);
        Assert.Equal("yes", await ValueAsync(table, "good"));
    }

    [Fact]
    public async Task A_small_body_that_decodes_past_the_limit_is_answered_413()
    {
        var table = await TableAsync();
        var text = Put(table, "huge", "x");
        var huge = text[..^1] + new string(' ', 17 * 1024 * 1024) + text[^1];
        var body = Gzip(huge);
        Assert.True(body.Length < 100_000);

        var reply = await Raw.SendAsync(PutItem, body, headers: Encoded("gzip"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Null(await ValueAsync(table, "huge"));
    }

    [Fact]
    public async Task A_reply_of_4_KB_comes_gzipped_when_asked_and_its_crc32_covers_the_bytes_sent()
    {
        var table = await TableAsync();
        var big = new string('x', 5000);
        await fixture.Client().PutItemAsync(table, new() { ["pk"] = new AttributeValue("big"), ["v"] = new AttributeValue(big) });
        var get = $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"big"}},"ConsistentRead":true}""";
        var small = $$$"""{"TableName":"{{{table}}}","Key":{"pk":{"S":"big"}},"ProjectionExpression":"pk","ConsistentRead":true}""";

        foreach (var coding in new[] { "gzip", "deflate" })
        {
            var reply = await Raw.SendAsync(GetItem, Encoding.UTF8.GetBytes(get), headers: new Dictionary<string, string> { ["Accept-Encoding"] = coding });
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal(coding, Assert.Single(reply.Response.Content.Headers.ContentEncoding));
            Assert.Equal(Crc32.HashToUInt32(reply.Body).ToString(CultureInfo.InvariantCulture), reply.Response.Headers.GetValues("x-amz-crc32").Single());
            using var decoded = RequestContentEncoding.DecodingStream(coding, new MemoryStream(reply.Body));
            using var json = System.Text.Json.JsonDocument.Parse(decoded);
            Assert.Equal(big, json.RootElement.GetProperty("Item").GetProperty("v").GetProperty("S").GetString());
            Assert.True(reply.Body.Length < 500, $"{reply.Body.Length} bytes compressed");

            var under = await Raw.SendAsync(GetItem, Encoding.UTF8.GetBytes(small), headers: new Dictionary<string, string> { ["Accept-Encoding"] = coding });
            Assert.Empty(under.Response.Content.Headers.ContentEncoding);
            Assert.Equal("big", under.Json.GetProperty("Item").GetProperty("pk").GetProperty("S").GetString());
        }

        var unasked = await Raw.SendAsync(GetItem, Encoding.UTF8.GetBytes(get));
        Assert.Empty(unasked.Response.Content.Headers.ContentEncoding);
        Assert.Equal(big, unasked.Json.GetProperty("Item").GetProperty("v").GetProperty("S").GetString());
    }

    /// <summary>
    /// The SDK's HTTP stack, asking for gzip and inflating what comes back gzipped. As AWS's Go SDK does, it checks
    /// x-amz-crc32 against the gzipped bytes, then drops it: the .NET SDK would check it against the inflated ones.
    /// Counts the replies that came compressed with a matching CRC.
    /// </summary>
    sealed class GzipAskingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public int Compressed;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
            var response = await base.SendAsync(request, ct);
            if (!response.Content.Headers.ContentEncoding.Contains("gzip")) return response;
            var compressed = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.Headers.GetValues("x-amz-crc32").Single() == Crc32.HashToUInt32(compressed).ToString(CultureInfo.InvariantCulture))
                Interlocked.Increment(ref Compressed);
            response.Headers.Remove("x-amz-crc32");
            using var inflated = new MemoryStream();
            await using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress)) await gzip.CopyToAsync(inflated, ct);
            var content = new ByteArrayContent(inflated.ToArray());
            content.Headers.ContentType = response.Content.Headers.ContentType;
            response.Content = content;
            return response;
        }
    }

    sealed class GzipAskingHttpClientFactory(GzipAskingHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }

    [Fact]
    public async Task The_SDK_reads_compressed_replies()
    {
        var table = await TableAsync();
        var handler = new GzipAskingHandler();
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"), new AmazonDynamoDBConfig
        {
            ServiceURL = fixture.Server.RegionEndpoints["us-east-1"].ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
            HttpClientFactory = new GzipAskingHttpClientFactory(handler),
        });
        var values = Enumerable.Range(0, 20).Select(i => $"{i}:" + new string((char)('a' + i), 1000)).ToList();
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
            await client.PutItemAsync(table, new() { ["pk"] = new AttributeValue($"k{i}"), ["v"] = new AttributeValue(value) });
        Assert.Equal(0, handler.Compressed);

        var scan = await client.ScanAsync(new ScanRequest(table) { ConsistentRead = true });

        Assert.Equal(values.Order(), scan.Items.Select(i => i["v"].S).Order());
        Assert.Equal(1, handler.Compressed);
    }

    [Fact]
    public async Task The_front_door_routes_a_gzipped_request_by_its_table()
    {
        var root = Path.Combine(Path.GetTempPath(), "globaltables-tests", Guid.NewGuid().ToString("N"));
        var server = await GlobalTablesServer.StartAsync(new ServerOptions
        {
            DataRoot = root, ConfigRoot = ServerFixture.RepositoryRoot, OnlyRegions = ["us-east-1", "eu-west-2"], EphemeralPorts = true,
            Routing = new FrontDoorRouting { Tables = new() { ["routed"] = ["eu-west-2"] } },
        });
        try
        {
            await RoutesByTableAsync(server);
        }
        finally
        {
            await server.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    static async Task RoutesByTableAsync(GlobalTablesServer server)
    {
        var london = ServerFixture.ClientFor(server.RegionEndpoints["eu-west-2"], "eu-west-2");
        await ServerFixture.CreateTableAsync(london, "routed");

        // Signed for us-east-1, which has no such table: only the table's route reaches it.
        var reply = await new RawDynamoClient(Http, server.FrontDoorEndpoint).SendAsync(PutItem, Gzip(Put("routed", "k", "via the door")), headers: Encoded("gzip"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var got = await london.GetItemAsync(new GetItemRequest("routed", new() { ["pk"] = new AttributeValue("k") }, consistentRead: true));
        Assert.Equal("via the door", got.Item["v"].S);
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("deflate", "deflate")]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("br, identity, deflate, gzip", "deflate")]
    [InlineData("GZIP, identity", "gzip")]
    [InlineData("dog, gzip ,, cat", "gzip")]
    [InlineData("gzip;q=0.8, deflate;q=0.5", "gzip")]
    [InlineData("br, gzip;q=0, deflate; q = 0.5 , identity;q=0", "deflate")]
    [InlineData("*", "gzip")]
    [InlineData("*, deflate;q=0.5", "gzip")]
    [InlineData("*, deflate", "deflate")]
    [InlineData("*, identity", "gzip")]
    [InlineData("*, gzip;q=0.5", "deflate")]
    [InlineData("*;q=0.5,identity", "gzip")]
    [InlineData("deflate;q=0.5, gzip;q=31", "gzip")]
    [InlineData("gzip;q=31,deflate;q=51", "gzip")]
    [InlineData("deflate;q=0.5, gzip;q=1;q=0.2", "gzip")]
    [InlineData("deflate;q=0.5,gzip;q=0.", "deflate")]
    [InlineData("deflate;q=0.5,gzip;q=0.x", "gzip")]
    [InlineData("deflate;q=-0.5,gzip;q=0.2", "gzip")]
    [InlineData("gzip;q=0, gzip;q=1, gzip;q=0", "gzip")]
    [InlineData("br,identity;q=0.5,gzip;q=0.0001", "gzip")]
    [InlineData("", null)]
    [InlineData("identity", null)]
    [InlineData("br", null)]
    [InlineData("zstd", null)]
    [InlineData("x-gzip", null)]
    [InlineData("gzip ;q=0", null)]
    [InlineData("*;q=0", null)]
    [InlineData("br;q=0.8,identity;q=0.5,*;q=0", null)]
    [InlineData("\"gzip\"", null)]
    [InlineData("gzip br", null)]
    [InlineData("gzip:q=1", null)]
    [InlineData("gzip;nq=1;q=0 ", null)]
    public void Accept_Encoding_is_read_as_DynamoDB_reads_it(string header, string? coding) =>
        Assert.Equal(coding, ResponseCompression.Choose(header));
}
