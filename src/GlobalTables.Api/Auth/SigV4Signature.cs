using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Auth;

/// <summary>
/// SigV4's canonical request and string to sign for a request as received, and the signature over them:
/// HMAC-SHA256 of the string to sign under the signing key.
/// </summary>
public static class SigV4Signature
{
    [ThreadStatic] static StringBuilder? t_builder;

    /// <summary>
    /// The canonical request: method, canonical URI, canonical query, the signed headers with their
    /// values trimmed and inner runs of spaces collapsed, the signed header list, and the payload hash.
    /// </summary>
    public static string CanonicalRequest(HttpRequest request, string signedHeaders, string payloadHash)
    {
        var text = t_builder ??= new StringBuilder(512);
        text.Clear();
        text.Append(request.Method).Append('\n');
        AppendPath(text, request.PathBase.Add(request.Path).Value);
        text.Append('\n');
        AppendQuery(text, request.Query);
        text.Append('\n');
        foreach (var range in signedHeaders.AsSpan().Split(';'))
        {
            var name = signedHeaders[range];
            text.Append(name).Append(':');
            AppendHeaderValue(text, request.Headers[name]);
            text.Append('\n');
        }
        text.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        var result = text.ToString();
        if (text.Capacity > 16 * 1024) t_builder = null;
        return result;
    }

    public static string StringToSign(string amzDate, string scope, string canonicalRequest)
    {
        Span<byte> hash = stackalloc byte[32];
        HashUtf8(canonicalRequest, hash);
        return string.Concat(SigV4Authorization.Algorithm + "\n", amzDate, "\n", scope, "\n", Convert.ToHexStringLower(hash));
    }

    /// <summary>Writes the 32-byte signature of the string to sign.</summary>
    public static void Sign(byte[] signingKey, string stringToSign, Span<byte> signature)
    {
        var max = Encoding.UTF8.GetMaxByteCount(stringToSign.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        int length = Encoding.UTF8.GetBytes(stringToSign, rented);
        HMACSHA256.HashData(signingKey, rented.AsSpan(0, length), signature);
        ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Hex SHA-256 of the payload, as the canonical request carries it.</summary>
    public static string PayloadHash(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return Convert.ToHexStringLower(hash);
    }

    static void HashUtf8(string text, Span<byte> hash)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        int length = Encoding.UTF8.GetBytes(text, rented);
        SHA256.HashData(rented.AsSpan(0, length), hash);
        ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Each segment URI-encoded twice, as SigV4 has it for every service but S3.</summary>
    static void AppendPath(StringBuilder text, string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            text.Append('/');
            return;
        }
        var segments = path.Split('/');
        for (int i = 0; i < segments.Length; i++)
        {
            if (i > 0) text.Append('/');
            if (segments[i].Length > 0) text.Append(Uri.EscapeDataString(Uri.EscapeDataString(segments[i])));
        }
    }

    static void AppendQuery(StringBuilder text, IQueryCollection query)
    {
        if (query.Count == 0) return;
        var pairs = new List<(string Key, string Value)>();
        foreach (var (key, values) in query)
            foreach (var value in values.Count == 0 ? [""] : (IEnumerable<string?>)values)
                pairs.Add((Uri.EscapeDataString(key), Uri.EscapeDataString(value ?? "")));
        pairs.Sort((a, b) => a.Key != b.Key ? string.CompareOrdinal(a.Key, b.Key) : string.CompareOrdinal(a.Value, b.Value));
        for (int i = 0; i < pairs.Count; i++)
        {
            if (i > 0) text.Append('&');
            text.Append(pairs[i].Key).Append('=').Append(pairs[i].Value);
        }
    }

    static void AppendHeaderValue(StringBuilder text, Microsoft.Extensions.Primitives.StringValues values)
    {
        for (int v = 0; v < values.Count; v++)
        {
            if (v > 0) text.Append(',');
            var value = (values[v] ?? "").AsSpan().Trim();
            bool space = false;
            foreach (var c in value)
            {
                if (c == ' ')
                {
                    if (space) continue;
                    space = true;
                }
                else space = false;
                text.Append(c);
            }
        }
    }
}
