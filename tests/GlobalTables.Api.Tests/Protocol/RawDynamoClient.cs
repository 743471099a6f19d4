using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GlobalTables.Api.Tests.Protocol;

/// <summary>What an endpoint answered to a raw request: the status, the body's bytes, and the response for its headers.</summary>
public sealed record RawReply(HttpStatusCode Status, byte[] Body, HttpResponseMessage Response)
{
    public string Text => Encoding.UTF8.GetString(Body);

    // An item may hold attributes 32 levels deep, two JSON levels each: past System.Text.Json's default of 64.
    static readonly JsonDocumentOptions Reading = new() { MaxDepth = 256 };

    /// <summary>The body as JSON; throws when it is not.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Body, Reading);
            return document.RootElement.Clone();
        }
    }

    public string Type => Json.GetProperty("__type").GetString()!;

    /// <summary>The message, under "Message" (coral service errors) or "message" (the rest); null when absent.</summary>
    public string? Message =>
        Json.TryGetProperty("Message", out var m) ? m.GetString() : Json.TryGetProperty("message", out m) ? m.GetString() : null;
}

/// <summary>
/// Sends bodies below the SDK, as the SDK would: POST with X-Amz-Target, the JSON 1.0 content type and a SigV4
/// signature (so requests hold whether or not the host verifies signatures). The body's bytes go as given.
/// </summary>
public sealed class RawDynamoClient(HttpClient http, Uri endpoint, string region = "us-east-1")
{
    public const string ContentType = "application/x-amz-json-1.0";

    public async Task<RawReply> SendAsync(string target, byte[] body, string contentType = ContentType, CancellationToken ct = default,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        // Unsigned, as SDKs leave Content-Encoding and Accept-Encoding.
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.TryAddWithoutValidation(name, value);
            else request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        Sign(request, body, contentType, target);
        var response = await http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return new RawReply(response.StatusCode, bytes, response);
    }

    public Task<RawReply> SendAsync(string target, string body, string contentType = ContentType) =>
        SendAsync(target, Encoding.UTF8.GetBytes(body), contentType);

    void Sign(HttpRequestMessage request, byte[] body, string contentType, string target)
    {
        const string accessKey = "AKIDEXAMPLE", secret = "secret", service = "dynamodb";
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var host = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port}";
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", payloadHash);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType, ["host"] = host, ["x-amz-content-sha256"] = payloadHash, ["x-amz-date"] = amzDate, ["x-amz-target"] = target,
        };
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = $"POST\n/\n\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        byte[] key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, service, "aws4_request" }) key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }
}
