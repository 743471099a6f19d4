namespace GlobalTables.Api.Auth;

/// <summary>
/// The parts of a SigV4 <c>Authorization</c> header:
/// <c>AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=hex</c>.
/// </summary>
public sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service, string Terminator,
    string SignedHeaders, string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public string Scope => $"{Date}/{Region}/{Service}/{Terminator}";

    /// <summary>Parses the header, with DynamoDB's IncompleteSignatureException messages for what is missing.</summary>
    public static SigV4Authorization Parse(string header)
    {
        var trimmed = header.AsSpan().Trim();
        int space = trimmed.IndexOf(' ');
        var algorithm = space < 0 ? trimmed : trimmed[..space];
        if (!algorithm.SequenceEqual(Algorithm))
            throw AuthErrors.Incomplete($"Unsupported AWS 'algorithm': '{algorithm}'. Authorization={header}");
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in header[(space + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq < 0) throw AuthErrors.Incomplete($"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.");
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }
        var missing = "";
        if (credential is null) missing += "Authorization header requires 'Credential' parameter. ";
        if (signature is null) missing += "Authorization header requires 'Signature' parameter. ";
        if (signedHeaders is null) missing += "Authorization header requires 'SignedHeaders' parameter. ";
        if (missing.Length > 0) throw AuthErrors.Incomplete($"{missing}Authorization={header}");
        var scope = credential!.Split('/');
        if (scope.Length != 5 || scope.Any(string.IsNullOrEmpty))
            throw AuthErrors.Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'");
        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], scope[4], signedHeaders!, signature!);
    }
}
