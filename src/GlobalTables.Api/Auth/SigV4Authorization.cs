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
    /// <remarks>Every request has one, so it is read in place: only the values kept become strings.</remarks>
    public static SigV4Authorization Parse(string header)
    {
        var trimmed = header.AsSpan().Trim();
        int space = trimmed.IndexOf(' ');
        var algorithm = space < 0 ? trimmed : trimmed[..space];
        if (!algorithm.SequenceEqual(Algorithm))
            throw AuthErrors.Incomplete($"Unsupported AWS 'algorithm': '{algorithm}'. Authorization={header}");
        var parameters = space < 0 ? trimmed : trimmed[(space + 1)..];
        ReadOnlySpan<char> credential = default, signedHeaders = default, signature = default;
        bool hasCredential = false, hasSignedHeaders = false, hasSignature = false;
        foreach (var range in parameters.Split(','))
        {
            var part = parameters[range].Trim();
            if (part.IsEmpty) continue;
            int eq = part.IndexOf('=');
            if (eq < 0) throw AuthErrors.Incomplete($"'{part}' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.");
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; hasCredential = true; break;
                case "SignedHeaders": signedHeaders = value; hasSignedHeaders = true; break;
                case "Signature": signature = value; hasSignature = true; break;
            }
        }
        var missing = "";
        if (!hasCredential) missing += "Authorization header requires 'Credential' parameter. ";
        if (!hasSignature) missing += "Authorization header requires 'Signature' parameter. ";
        if (!hasSignedHeaders) missing += "Authorization header requires 'SignedHeaders' parameter. ";
        if (missing.Length > 0) throw AuthErrors.Incomplete($"{missing}Authorization={header}");
        Span<Range> scope = stackalloc Range[6];
        bool complete = credential.Split(scope, '/') == 5;
        for (int i = 0; complete && i < 5; i++) complete = !credential[scope[i]].IsEmpty;
        if (!complete)
            throw AuthErrors.Incomplete($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'");
        return new SigV4Authorization(credential[scope[0]].ToString(), credential[scope[1]].ToString(), credential[scope[2]].ToString(),
            credential[scope[3]].ToString(), credential[scope[4]].ToString(), signedHeaders.ToString(), signature.ToString());
    }
}
