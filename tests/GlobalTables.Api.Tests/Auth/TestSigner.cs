using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GlobalTables.Api.Tests.Auth;

/// <summary>
/// A SigV4 signer written apart from the server's, for raw requests the SDK would never send: signed at
/// another time, with another secret, or signed over one body and sent with another.
/// </summary>
internal static class TestSigner
{
    public sealed record Options(string AccessKey, string Secret)
    {
        public DateTime SignedAt { get; init; } = DateTime.UtcNow;
        public string Region { get; init; } = "us-east-1";
        public string? SessionToken { get; init; }
        /// <summary>The body the signature covers, when it is not the one sent.</summary>
        public string? SignedBody { get; init; }
        /// <summary>The target the signature covers, when it is not the one sent.</summary>
        public string? SignedTarget { get; init; }
    }

    public static HttpRequestMessage Request(Uri endpoint, string target, string body, Options o)
    {
        const string contentType = "application/x-amz-json-1.0";
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        var amzDate = o.SignedAt.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}",
            ["x-amz-date"] = amzDate,
            ["x-amz-target"] = o.SignedTarget ?? target,
        };
        if (o.SessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", o.SessionToken);
            headers["x-amz-security-token"] = o.SessionToken;
        }
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(o.SignedBody ?? body)));
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = $"POST\n/\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{o.Region}/dynamodb/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + o.Secret);
        foreach (var part in new[] { date, o.Region, "dynamodb", "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={o.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return request;
    }
}
