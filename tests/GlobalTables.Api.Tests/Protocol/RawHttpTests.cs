using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Text;
using System.Text.Json;
using GlobalTables.Api.Tests.Items;
using static GlobalTables.Api.Tests.Protocol.WireTypes;

namespace GlobalTables.Api.Tests.Protocol;

/// <summary>The JSON 1.0 wire protocol below the SDK: malformed bodies, wrong JSON types, unknown targets, and the response headers.</summary>
public sealed class RawHttpTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static readonly HttpClient Http = new();

    async Task<RawReply> SendAsync(string target, string body, string contentType = RawDynamoClient.ContentType)
    {
        var reply = await new RawDynamoClient(Http, fixture.Server.RegionEndpoints["us-east-1"]).SendAsync(target, body, contentType);

        // Every reply, success or error, carries a request id and the CRC32 of its body.
        Assert.True(reply.Response.Headers.TryGetValues("x-amzn-RequestId", out var ids));
        // DynamoDB's form: 43 upper-case letters and digits.
        Assert.Matches("^[0-9A-Z]{43}$", ids!.Single());
        Assert.True(reply.Response.Headers.TryGetValues("x-amz-crc32", out var crcs));
        Assert.Equal(Crc32.HashToUInt32(reply.Body).ToString(CultureInfo.InvariantCulture), crcs!.Single());
        Assert.Equal("application/x-amz-json-1.0", reply.Response.Content.Headers.ContentType?.MediaType);
        _ = reply.Json;
        return reply;
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
        Assert.True(reply.Json.TryGetProperty("Message", out _), "coral service errors carry \"Message\": " + reply.Text);
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
