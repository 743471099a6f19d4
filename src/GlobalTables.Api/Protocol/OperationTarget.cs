namespace GlobalTables.Api.Protocol;

/// <summary>DynamoDB and DynamoDB Streams share one endpoint, told apart by the <c>X-Amz-Target</c> prefix.</summary>
public static class OperationTarget
{
    const string DynamoDbPrefix = "DynamoDB_20120810.";
    const string StreamsPrefix = "DynamoDBStreams_20120810.";

    /// <summary>The operation an <c>X-Amz-Target</c> names, each service's under its own prefix only.</summary>
    public static bool TryParse(string target, out Operation operation)
    {
        operation = default;
        bool streams = target.StartsWith(StreamsPrefix, StringComparison.Ordinal);
        if (!streams && !target.StartsWith(DynamoDbPrefix, StringComparison.Ordinal)) return false;
        var name = target.AsSpan((streams ? StreamsPrefix : DynamoDbPrefix).Length);
        return Enum.TryParse(name, out operation) && Enum.IsDefined(operation) && operation.ToString().AsSpan().SequenceEqual(name)
            && IsStreams(operation) == streams;
    }

    public static bool IsStreams(Operation operation) => operation >= Operation.ListStreams;
}
