using System.Net;
using System.Text;
using GlobalTables.Api.Tests.Items;
using static GlobalTables.Api.Tests.Protocol.WireTypes;

namespace GlobalTables.Api.Tests.Protocol;

/// <summary>
/// The hostile requests reported against a running region, each through HTTP: none may end the process or get a
/// 500, each gets DynamoDB's answer, and the item stored before is unchanged.
/// </summary>
public sealed class ReportedHostileInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static readonly HttpClient Http = new();

    RawDynamoClient Raw => new(Http, fixture.Server.RegionEndpoints["us-east-1"]);

    async Task<string> TableAsync()
    {
        var client = fixture.Client();
        var table = Av.UniqueName("reported");
        await ServerFixture.CreateTableAsync(client, table);
        await client.PutItemAsync(table, Av.Item(("pk", Av.S("k")), ("v", Av.N("1"))));
        return table;
    }

    /// <summary>The region still serves: its health check answers and the stored item reads back unchanged.</summary>
    async Task AssertAliveAndUnchangedAsync(string table)
    {
        var health = await Http.GetStringAsync(fixture.Server.RegionEndpoints["us-east-1"]);
        Assert.StartsWith("healthy", health);
        Assert.Equal("{pk: S(k), v: N(1)}", await Av.ShowAsync(fixture.Client(), table, Av.Item(("pk", Av.S("k")))));
    }

    static void AssertError(RawReply reply, string type, string? message)
    {
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(type, reply.Type);
        Assert.Equal(message, reply.Message);
    }

    [Fact]
    public async Task A_200_KB_condition_of_nested_parentheses_is_a_ValidationException_and_the_region_lives_on()
    {
        var table = await TableAsync();
        var condition = "a<b " + string.Concat(Enumerable.Repeat("and (a<b ", 20000)) + new string(')', 20000);
        var body = """{"TableName":"$T","Key":{"pk":{"S":"k"}},"UpdateExpression":"SET v = :v","ConditionExpression":"$C","ExpressionAttributeValues":{":v":{"N":"2"}}}""".Replace("$T", table, StringComparison.Ordinal).Replace("$C", condition, StringComparison.Ordinal);
        AssertError(await Raw.SendAsync("DynamoDB_20120810.UpdateItem", body), Validation,
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 200004");

        // Within 4 KB the same shape nests 2,046 deep.
        var deep = new string('(', 2046) + "a<b" + new string(')', 2046);
        var reply = await Raw.SendAsync("DynamoDB_20120810.UpdateItem", body.Replace(condition, deep, StringComparison.Ordinal));
        Assert.Equal(Validation, reply.Type);
        Assert.StartsWith("Invalid ConditionExpression: ", reply.Message);
        await AssertAliveAndUnchangedAsync(table);
    }

    [Fact]
    public async Task A_body_over_16_MB_gets_HTTP_413_and_one_of_16_MB_is_read()
    {
        var table = await TableAsync();
        const int sixteenMegabytes = 16 * 1024 * 1024;
        // "{}" padded with spaces: valid JSON of exactly the limit, then one byte more.
        var atLimit = Encoding.ASCII.GetBytes("{" + new string(' ', sixteenMegabytes - 2) + "}");
        var ok = await Raw.SendAsync("DynamoDB_20120810.ListTables", atLimit);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        Assert.Contains(table, ok.Json.GetProperty("TableNames").EnumerateArray().Select(t => t.GetString()));

        var over = Encoding.ASCII.GetBytes("{" + new string(' ', sixteenMegabytes - 1) + "}");
        var tooLarge = await Raw.SendAsync("DynamoDB_20120810.ListTables", over);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Empty(tooLarge.Body);
        await AssertAliveAndUnchangedAsync(table);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_string_value_is_a_SerializationException()
    {
        var table = await TableAsync();
        foreach (var bad in new byte[][] { [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80] })
        {
            var body = Encoding.UTF8.GetBytes("""{"TableName":"$T","Item":{"pk":{"S":"k"},"v":{"S":"x""".Replace("$T", table, StringComparison.Ordinal))
                .Concat(bad).Concat(Encoding.UTF8.GetBytes("\"}}}")).ToArray();
            AssertError(await Raw.SendAsync("DynamoDB_20120810.PutItem", body), Serialization, null);
        }
        // The JSON escape of half a surrogate pair cannot become a string either.
        AssertError(await Raw.SendAsync("DynamoDB_20120810.PutItem", """{"TableName":"$T","Item":{"pk":{"S":"k"},"v":{"S":"\ud800"}}}""".Replace("$T", table, StringComparison.Ordinal)),
            Serialization, null);
        await AssertAliveAndUnchangedAsync(table);
    }

    [Theory]
    [InlineData("""{"PutRequest":null}""")]
    [InlineData("""{"DeleteRequest":null}""")]
    [InlineData("""{"PutRequest":null,"DeleteRequest":null}""")]
    [InlineData("""{}""")]
    [InlineData("""{"PutRequest":{"Item":{"pk":{"S":"k2"}}},"DeleteRequest":{"Key":{"pk":{"S":"k"}}}}""")]
    public async Task A_write_request_without_exactly_one_request_is_DynamoDBs_validation_error(string writeRequest)
    {
        var table = await TableAsync();
        var reply = await Raw.SendAsync("DynamoDB_20120810.BatchWriteItem", """{"RequestItems":{"$T":[$W]}}""".Replace("$T", table, StringComparison.Ordinal).Replace("$W", writeRequest, StringComparison.Ordinal));
        AssertError(reply, Validation, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        await AssertAliveAndUnchangedAsync(table);
    }

    [Theory]
    [InlineData("""{"PutRequest":{"Item":null}}""", "1 validation error detected: Value null at 'requestItems.$T.member.1.member.putRequest.item' failed to satisfy constraint: Member must not be null")]
    [InlineData("""{"DeleteRequest":{"Key":null}}""", "1 validation error detected: Value null at 'requestItems.$T.member.1.member.deleteRequest.key' failed to satisfy constraint: Member must not be null")]
    public async Task A_null_item_or_key_in_BatchWriteItem_is_a_missing_member(string writeRequest, string message)
    {
        var table = await TableAsync();
        var reply = await Raw.SendAsync("DynamoDB_20120810.BatchWriteItem", """{"RequestItems":{"$T":[$W]}}""".Replace("$T", table, StringComparison.Ordinal).Replace("$W", writeRequest, StringComparison.Ordinal));
        AssertError(reply, Validation, message.Replace("$T", table, StringComparison.Ordinal));
        await AssertAliveAndUnchangedAsync(table);
    }

    [Theory]
    [InlineData("""{"PutRequest":"x"}""", "STRING_VALUE cannot be converted to Structure")]
    [InlineData("""{"PutRequest":{"Item":[]}}""", "Start of list found where not expected")]
    [InlineData("""null""", "Unexpected value type in payload")]
    [InlineData("""{"PutRequest":{"Item":{"pk":null}}}""", "Unexpected value type in payload")]
    public async Task Wrongly_typed_members_in_BatchWriteItem_are_SerializationExceptions(string writeRequest, string message)
    {
        var table = await TableAsync();
        var reply = await Raw.SendAsync("DynamoDB_20120810.BatchWriteItem", """{"RequestItems":{"$T":[$W]}}""".Replace("$T", table, StringComparison.Ordinal).Replace("$W", writeRequest, StringComparison.Ordinal));
        AssertError(reply, Serialization, message);
        await AssertAliveAndUnchangedAsync(table);
    }

    [Fact]
    public async Task JSON_nested_past_any_request_is_a_SerializationException_and_attributes_past_32_levels_a_ValidationException()
    {
        var table = await TableAsync();
        var deepJson = new string('[', 5000) + new string(']', 5000);
        AssertError(await Raw.SendAsync("DynamoDB_20120810.PutItem", """{"TableName":"$T","Item":$J}""".Replace("$T", table, StringComparison.Ordinal).Replace("$J", deepJson, StringComparison.Ordinal)), Serialization, null);

        static string Wrapped(int wraps) =>
            string.Concat(Enumerable.Repeat("""{"M":{"n":""", wraps)) + """{"S":"leaf"}""" + string.Concat(Enumerable.Repeat("}}", wraps));
        var put = """{"TableName":"$T","Item":{"pk":{"S":"deep"},"d":$D}}""".Replace("$T", table, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Raw.SendAsync("DynamoDB_20120810.PutItem", put.Replace("$D", Wrapped(31), StringComparison.Ordinal))).Status);
        AssertError(await Raw.SendAsync("DynamoDB_20120810.PutItem", put.Replace("$D", Wrapped(32), StringComparison.Ordinal)), Validation,
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
        await AssertAliveAndUnchangedAsync(table);
    }
}
