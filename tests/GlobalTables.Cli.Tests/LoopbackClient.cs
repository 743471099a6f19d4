using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace GlobalTables.Cli.Tests;

/// <summary>An AWS SDK client for a DynamoDB endpoint on this machine, signing for one region; no retries, so failures show.</summary>
public static class LoopbackClient
{
    public static AmazonDynamoDBClient For(int port, string region) => For(port, region, TimeSpan.FromSeconds(5));

    /// <summary>The same with another timeout per request, for writers that retry at once.</summary>
    public static AmazonDynamoDBClient For(int port, string region, TimeSpan timeout) => new(new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        new AmazonDynamoDBConfig { ServiceURL = $"http://127.0.0.1:{port}/", AuthenticationRegion = region, MaxErrorRetry = 0, Timeout = timeout });
}
