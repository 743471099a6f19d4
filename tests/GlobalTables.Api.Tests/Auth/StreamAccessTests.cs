using System.Net;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Auth;

/// <summary>
/// The Streams API under IAM: its actions name the stream's ARN, <c>table/T/stream/LABEL</c>, so a policy on
/// <c>table/T</c> alone does not cover them, as in AWS. Raw signed requests, since AWS SDK v4's streams client
/// is in a package not served here.
/// </summary>
[Collection(StrictAuthCollection.Name)]
public sealed class StreamAccessTests(StrictAuthHost host)
{
    static readonly HttpClient Http = new();

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string principal, string operation, object body)
    {
        using var request = TestSigner.Request(host.Endpoint, "DynamoDBStreams_20120810." + operation, JsonSerializer.Serialize(body),
            new TestSigner.Options(TestIam.AccessKeyOf(principal), TestIam.SecretOf(principal)));
        var response = await Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Stream_actions_are_authorized_on_the_stream_arn()
    {
        var admin = host.Client("admin");
        var table = (await admin.DescribeTableAsync("Secrets")).Table;
        if (table.StreamSpecification is not { StreamEnabled: true })
        {
            await admin.UpdateTableAsync(new UpdateTableRequest
            {
                TableName = "Secrets", StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.KEYS_ONLY },
            });
            await ServerFixture.WaitForStatusAsync(admin, "Secrets", TableStatus.ACTIVE);
        }
        var arn = (await admin.DescribeTableAsync("Secrets")).Table.LatestStreamArn;
        Assert.StartsWith(host.TableArn("Secrets") + "/stream/", arn);

        var (status, described) = await SendAsync("admin", "DescribeStream", new { StreamArn = arn });
        Assert.Equal(HttpStatusCode.OK, status);
        var shard = described.GetProperty("StreamDescription").GetProperty("Shards")[0].GetProperty("ShardId").GetString();
        (status, var iterator) = await SendAsync("admin", "GetShardIterator", new { StreamArn = arn, ShardId = shard, ShardIteratorType = "LATEST" });
        Assert.Equal(HttpStatusCode.OK, status);

        // The writer may do anything on table/Secrets, and is explicitly denied there; the stream is another resource.
        (status, var denied) = await SendAsync("writer", "DescribeStream", new { StreamArn = arn });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("com.amazon.coral.service#AccessDeniedException", denied.GetProperty("__type").GetString());
        Assert.Equal($"User: {TestIam.ArnOf("writer")} is not authorized to perform: dynamodb:DescribeStream on resource: {arn} because no identity-based policy allows the dynamodb:DescribeStream action",
            denied.GetProperty("Message").GetString());

        // GetRecords names its stream only inside the iterator, and is authorized on it.
        (status, denied) = await SendAsync("reader", "GetRecords", new { ShardIterator = iterator.GetProperty("ShardIterator").GetString() });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"dynamodb:GetRecords on resource: {arn}", denied.GetProperty("Message").GetString());
        (status, _) = await SendAsync("admin", "GetRecords", new { ShardIterator = iterator.GetProperty("ShardIterator").GetString() });
        Assert.Equal(HttpStatusCode.OK, status);

        (status, denied) = await SendAsync("reader", "ListStreams", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"dynamodb:ListStreams on resource: arn:aws:dynamodb:us-east-1:{host.Account}:table/*/stream/*", denied.GetProperty("Message").GetString());
    }
}
