namespace GlobalTables.Model.Streams;

/// <summary>A stream's ARN: <c>arn:aws:dynamodb:{region}:{account}:table/{table}/stream/{label}</c>.</summary>
public readonly record struct StreamArn(string Region, string Account, string Table, string Label)
{
    public override string ToString() => $"arn:aws:dynamodb:{Region}:{Account}:table/{Table}/stream/{Label}";

    public static StreamArn? TryParse(string arn)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "dynamodb") return null;
        var path = parts[5].Split('/');
        if (path.Length != 4 || path[0] != "table" || path[2] != "stream" || path[1].Length == 0 || path[3].Length == 0) return null;
        return new StreamArn(parts[3], parts[4], path[1], path[3]);
    }
}
