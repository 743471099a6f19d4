using Amazon.DynamoDBv2;
using Amazon.Runtime;
using GlobalTables.Api.Tests;

namespace GlobalTables.Streams.Tests;

public static class StreamsClients
{
    public static AmazonDynamoDBStreamsClient StreamsClient(this ServerFixture fixture, string region = "us-east-1") =>
        For(fixture.Server.RegionEndpoints[region], region);

    public static AmazonDynamoDBStreamsClient For(Uri endpoint, string region) => new(
        new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        new AmazonDynamoDBStreamsConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = region, MaxErrorRetry = 0 });
}
