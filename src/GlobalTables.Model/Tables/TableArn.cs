using System.Text.RegularExpressions;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tables;

/// <summary>A table's ARN as the tagging operations take it: <c>arn:aws:dynamodb:REGION:ACCOUNT:table/NAME</c>.</summary>
public static partial class TableArn
{
    [GeneratedRegex(@"^arn:aws:dynamodb:([^:]+):(\d+):table/([a-zA-Z0-9_.\-]{3,255})$")]
    private static partial Regex Form();

    /// <summary>
    /// The table an ARN names, or null when it names one in another region or account (not found here). A missing or
    /// malformed ARN is DynamoDB's ValidationException.
    /// </summary>
    public static string? TableIn(string? arn, string region, string account)
    {
        if (string.IsNullOrEmpty(arn)) throw DynamoException.Validation("Invalid TableArn");
        var match = Form().Match(arn);
        if (!match.Success) throw DynamoException.Validation($"Invalid TableArn: Invalid ResourceArn provided as input {arn}");
        return match.Groups[1].Value == region && match.Groups[2].Value == account ? match.Groups[3].Value : null;
    }
}
