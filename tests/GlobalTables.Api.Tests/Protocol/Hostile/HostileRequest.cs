namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>One generated request: its X-Amz-Target, the body's bytes as sent, and the recipe that made it, for a failure report.</summary>
public sealed record HostileRequest(string Target, byte[] Body, string Recipe)
{
    public const string DynamoPrefix = "DynamoDB_20120810.";
    public const string StreamsPrefix = "DynamoDBStreams_20120810.";

    public override string ToString()
    {
        var shown = Body.Length <= 300 ? System.Text.Encoding.UTF8.GetString(Body) : System.Text.Encoding.UTF8.GetString(Body, 0, 300) + $"... ({Body.Length} bytes)";
        return $"{Target} [{Recipe}] {shown}";
    }
}
