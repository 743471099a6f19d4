using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GlobalTables.Api.Auth;

namespace GlobalTables.Cli.Bench;

/// <summary>
/// A DynamoDB Streams client over plain HTTP, signed with SigV4. AWS SDK for .NET v4 keeps its streams
/// client in a package the registry here does not serve, so the bench speaks the JSON protocol itself.
/// </summary>
public sealed class StreamsClient(string endpoint, string region, string accessKey = "bench", string secretKey = "bench") : IDisposable
{
    const string Service = "dynamodb";
    const string ContentType = "application/x-amz-json-1.0";
    const string SignedHeaders = "content-type;host;x-amz-date;x-amz-target";

    readonly HttpClient _http = new() { BaseAddress = new Uri(endpoint), Timeout = TimeSpan.FromSeconds(30) };

    public async Task<JsonElement> SendAsync(string operation, object request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request);
        var target = "DynamoDBStreams_20120810." + operation;
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = _http.BaseAddress!.IsDefaultPort ? _http.BaseAddress.Host : $"{_http.BaseAddress.Host}:{_http.BaseAddress.Port}";
        var canonical = $"POST\n/\n\ncontent-type:{ContentType}\nhost:{host}\nx-amz-date:{amzDate}\nx-amz-target:{target}\n\n{SignedHeaders}\n{SigV4Signature.PayloadHash(body)}";
        var scope = $"{date}/{region}/{Service}/aws4_request";
        Span<byte> signature = stackalloc byte[32];
        SigV4Signature.Sign(SigningKeyCache.Derive(secretKey, date, region, Service), SigV4Signature.StringToSign(amzDate, scope, canonical), signature);

        using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        message.Headers.Add("X-Amz-Date", amzDate);
        message.Headers.Add("X-Amz-Target", target);
        message.Headers.TryAddWithoutValidation("Authorization",
            $"{SigV4Authorization.Algorithm} Credential={accessKey}/{scope}, SignedHeaders={SignedHeaders}, Signature={Convert.ToHexStringLower(signature)}");
        using var response = await _http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        using var document = JsonDocument.Parse(text);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{operation}: {Encoding.UTF8.GetString(text)}");
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
