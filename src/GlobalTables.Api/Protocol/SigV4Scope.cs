namespace GlobalTables.Api.Protocol;

/// <summary>
/// The credential scope of a SigV4 <c>Authorization</c> header:
/// <c>AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=..., Signature=...</c>.
/// The scope names the region the client signed for; Auth/ verifies the signature itself.
/// </summary>
public sealed record SigV4Scope(string AccessKeyId, string Date, string Region, string Service)
{
    public static SigV4Scope? Parse(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization)) return null;
        const string marker = "Credential=";
        int start = authorization.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0) return null;
        start += marker.Length;
        int end = authorization.IndexOfAny([',', ' '], start);
        var credential = end < 0 ? authorization[start..] : authorization[start..end];
        var parts = credential.Split('/');
        return parts.Length >= 5 ? new SigV4Scope(parts[0], parts[1], parts[2], parts[3]) : null;
    }
}
