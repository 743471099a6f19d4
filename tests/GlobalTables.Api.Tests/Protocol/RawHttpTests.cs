using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GlobalTables.Api.Tests.Items;

namespace GlobalTables.Api.Tests.Protocol;

/// <summary>The JSON 1.0 wire protocol below the SDK: malformed bodies, wrong JSON types, unknown targets, and the response headers.</summary>
public sealed class RawHttpTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    const string Serialization = "com.amazon.coral.service#SerializationException";
    const string Validation = "com.amazon.coral.validate#ValidationException";
    static readonly HttpClient Http = new();

    sealed record Reply(HttpStatusCode Status, string Body, JsonElement Json, HttpResponseMessage Response)
    {
        public string Type => Json.GetProperty("__type").GetString()!;

        /// <summary>The message, under "Message" (coral service errors) or "message" (the rest); null when absent.</summary>
        public string? Message =>
            Json.TryGetProperty("Message", out var m) ? m.GetString() : Json.TryGetProperty("message", out m) ? m.GetString() : null;
    }

    async Task<Reply> SendAsync(string target, string body, string contentType = "application/x-amz-json-1.0")
    {
        var endpoint = fixture.Server.RegionEndpoints["us-east-1"];
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        Sign(request, endpoint, Encoding.UTF8.GetBytes(body), contentType, target);
        var response = await Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        // Every reply, success or error, carries a request id and the CRC32 of its body.
        Assert.True(response.Headers.TryGetValues("x-amzn-RequestId", out var ids));
        Assert.False(string.IsNullOrWhiteSpace(ids!.Single()));
        Assert.True(response.Headers.TryGetValues("x-amz-crc32", out var crcs));
        Assert.Equal(Crc32.HashToUInt32(bytes).ToString(CultureInfo.InvariantCulture), crcs!.Single());
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType?.MediaType);

        var text = Encoding.UTF8.GetString(bytes);
        using var doc = JsonDocument.Parse(text);
        return new Reply(response.StatusCode, text, doc.RootElement.Clone(), response);
    }

    /// <summary>Signs with SigV4 the way the SDK does, so the tests hold whether or not the host verifies signatures.</summary>
    static void Sign(HttpRequestMessage request, Uri endpoint, byte[] body, string contentType, string target)
    {
        const string accessKey = "AKIDEXAMPLE", secret = "secret", region = "us-east-1", service = "dynamodb";
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType, ["host"] = host, ["x-amz-content-sha256"] = payloadHash, ["x-amz-date"] = amzDate, ["x-amz-target"] = target,
        };
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = $"POST\n/\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, service, "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    static async Task<string> TableAsync(ServerFixture fixture)
    {
        var client = fixture.Client();
        var table = Av.UniqueName("raw");
        await ServerFixture.CreateTableAsync(client, table);
        await client.PutItemAsync(table, Av.Item(("pk", Av.S("k")), ("v", Av.N("1"))));
        return table;
    }

    async Task AssertUnchangedAsync(string table) =>
        Assert.Equal("{pk: S(k), v: N(1)}", await Av.ShowAsync(fixture.Client(), table, Av.Item(("pk", Av.S("k")))));

    [Fact]
    public async Task A_successful_reply_has_a_request_id_and_a_matching_crc32()
    {
        var table = await TableAsync(fixture);
        var reply = await SendAsync("DynamoDB_20120810.GetItem", """{"TableName":"$T","Key":{"pk":{"S":"k"}},"ConsistentRead":true}""".Replace("$T", table));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("1", reply.Json.GetProperty("Item").GetProperty("v").GetProperty("N").GetString());

        var list = await SendAsync("DynamoDB_20120810.ListTables", "{}");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains(table, list.Json.GetProperty("TableNames").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json at all")]
    [InlineData("{\"TableName\": \"x\",}")]
    [InlineData("")]
    public async Task Malformed_JSON_is_a_SerializationException(string body)
    {
        var table = await TableAsync(fixture);
        var reply = await SendAsync("DynamoDB_20120810.PutItem", body.Replace("\"x\"", $"\"{table}\""));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(Serialization, reply.Type);
        await AssertUnchangedAsync(table);
    }

    [Theory]
    [InlineData("""{"TableName":5,"Item":{"pk":{"S":"k"}}}""", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("""{"TableName":"$","Item":[]}""", "Start of list found where not expected")]
    [InlineData("""{"TableName":"$","Item":"text"}""", "Expected map or null")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":5}}}""", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"},"v":{"N":2}}}""", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"},"v":{"SS":"a"}}}""", "Expected list or null")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"},"v":{"M":[]}}}""", "Start of list found where not expected")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"},"v":{"B":"abc"}}}""", "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"},"v":{"BOOL":"maybe"}}}""", "'MAYBE' can not be converted to an Boolean")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"},"v":{"X":"1"}}}""", "Unknown attribute value type: X")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"}},"ReturnConsumedCapacity":["TOTAL"]}""", "Start of list found where not expected")]
    [InlineData("""{"TableName":"$","Item":{"pk":{"S":"k"}},"ConditionExpression":{}}""", "Start of structure or map found where not expected.")]
    [InlineData("""[{"TableName":"$"}]""", "Start of list found where not expected")]
    public async Task Wrong_JSON_types_are_SerializationExceptions(string body, string message)
    {
        var table = await TableAsync(fixture);
        var reply = await SendAsync("DynamoDB_20120810.PutItem", body.Replace("\"$\"", $"\"{table}\""));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(Serialization, reply.Type);
        Assert.Equal(message, reply.Message);
        Assert.True(reply.Json.TryGetProperty("Message", out _), "coral service errors carry \"Message\": " + reply.Body);
        await AssertUnchangedAsync(table);
    }

    [Theory]
    [InlineData("DynamoDB_20120810.NoSuchOperation")]
    [InlineData("DynamoDB_20991231.GetItem")]
    [InlineData("GetItem")]
    [InlineData("")]
    [InlineData("DynamoDBStreams_20120810.PutItem")]
    [InlineData("DynamoDB_20120810.GetRecords")]
    [InlineData("DynamoDBStreams_20120810.12")]
    public async Task An_unknown_target_is_an_UnknownOperationException(string target)
    {
        var reply = await SendAsync(target, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("com.amazon.coral.service#UnknownOperationException", reply.Type);
    }

    [Fact]
    public async Task Validation_errors_use_the_lower_case_message_member()
    {
        var table = await TableAsync(fixture);
        var reply = await SendAsync("DynamoDB_20120810.PutItem", """{"TableName":"$T","Item":{"pk":{"S":"k"},"v":{"N":"abc"}}}""".Replace("$T", table));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(Validation, reply.Type);
        Assert.Equal("The parameter cannot be converted to a numeric value: abc", reply.Json.GetProperty("message").GetString());

        var empty = await SendAsync("DynamoDB_20120810.PutItem", """{"TableName":"$T","Item":{"pk":{"S":"k"},"v":{}}}""".Replace("$T", table));
        Assert.Equal(Validation, empty.Type);
        Assert.Equal("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes", empty.Message);

        var two = await SendAsync("DynamoDB_20120810.PutItem", """{"TableName":"$T","Item":{"pk":{"S":"k"},"v":{"S":"a","N":"1"}}}""".Replace("$T", table));
        Assert.Equal(Validation, two.Type);
        Assert.Equal("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes", two.Message);

        var missing = await SendAsync("DynamoDB_20120810.PutItem", "{}");
        Assert.Equal(Validation, missing.Type);
        Assert.StartsWith("2 validation errors detected: ", missing.Message);
        Assert.Contains("Value null at 'tableName' failed to satisfy constraint: Member must not be null", missing.Message);
        Assert.Contains("Value null at 'item' failed to satisfy constraint: Member must not be null", missing.Message);

        var notFound = await SendAsync("DynamoDB_20120810.GetItem", """{"TableName":"no-such-table","Key":{"pk":{"S":"k"}}}""");
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", notFound.Type);
        Assert.Equal("Requested resource not found", notFound.Json.GetProperty("message").GetString());
        await AssertUnchangedAsync(table);
    }

    [Fact]
    public async Task A_failed_condition_returns_the_old_item_in_the_error_body()
    {
        var table = await TableAsync(fixture);
        var reply = await SendAsync("DynamoDB_20120810.DeleteItem",
            """{"TableName":"$T","Key":{"pk":{"S":"k"}},"ConditionExpression":"attribute_not_exists(v)","ReturnValuesOnConditionCheckFailure":"ALL_OLD"}""".Replace("$T", table));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", reply.Type);
        Assert.Equal("The conditional request failed", reply.Message);
        Assert.Equal("1", reply.Json.GetProperty("Item").GetProperty("v").GetProperty("N").GetString());
        await AssertUnchangedAsync(table);
    }
}
