using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace GlobalTables.Cli.Bench;

/// <summary>Builds the real AWS SDK client that the bench drives, with a pool as large as the concurrency.</summary>
public static class BenchClient
{
    public static AmazonDynamoDBClient Create(string endpoint, string region, int concurrency, int retries)
    {
        var config = new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint,
            AuthenticationRegion = region,
            MaxConnectionsPerServer = Math.Max(concurrency, 2) * 2,
            MaxErrorRetry = retries,
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new AmazonDynamoDBClient(new BasicAWSCredentials("bench", "bench"), config);
    }
}
