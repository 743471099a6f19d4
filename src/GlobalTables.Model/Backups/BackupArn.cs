using System.Text.RegularExpressions;

namespace GlobalTables.Model.Backups;

/// <summary>A backup's ARN, as DynamoDB forms it: <c>arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/backup/MILLIS-SUFFIX</c>.</summary>
public static partial class BackupArn
{
    [GeneratedRegex(@"^arn:aws:dynamodb:[^:]+:\d+:table/[a-zA-Z0-9_.\-]{3,255}/backup/(\d{14}-[0-9a-f]{8})$")]
    private static partial Regex Form();

    /// <param name="suffix">Eight hex digits the caller draws at random, so two backups of one millisecond differ.</param>
    public static string Of(string tableArn, DateTimeOffset createdAt, string suffix) =>
        $"{tableArn}/backup/{createdAt.ToUnixTimeMilliseconds():D14}-{suffix}";

    /// <summary>The part of the ARN that names the backup's file; null for a string that is no backup ARN.</summary>
    public static string? IdOf(string arn) => Form().Match(arn) is { Success: true } m ? m.Groups[1].Value : null;
}
