using System.Buffers;
using Akka.Configuration;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// The largest request body an endpoint reads, <c>globaltables.request-body-max</c> in config/akka.conf
/// (DynamoDB's is 16 MB), read once at start-up. DynamoDB answers a larger body with HTTP 413 and an empty body.
/// </summary>
public sealed record RequestBodyLimit(long BytesMax)
{
    public const string ConfigPath = "globaltables.request-body-max";
    public const int TooLargeStatus = StatusCodes.Status413PayloadTooLarge;

    /// <summary>The limit the regions' config sets; a missing or empty one stops the start.</summary>
    public static RequestBodyLimit From(Config akka) =>
        akka.GetByteSize(ConfigPath) is > 0 and var bytes
            ? new RequestBodyLimit(bytes)
            : throw new ConfigurationException($"{ConfigPath} must be a positive size, e.g. 16MiB");

    /// <summary>Whether a request announces a body past the limit, or announces no length (such a body is read by the pipeline alone).</summary>
    public bool MayExceed(HttpRequest request) => request.ContentLength is not { } length || length > BytesMax;

    /// <summary>The whole body, or null as soon as it is known to be longer than the limit (the rest is left unread).</summary>
    public async Task<byte[]?> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > BytesMax) return null;
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                if (result.Buffer.Length > BytesMax)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    return null;
                }
                if (result.IsCompleted)
                {
                    var bytes = result.Buffer.ToArray();
                    reader.AdvanceTo(result.Buffer.End);
                    return bytes;
                }
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        // Kestrel's own limit, should one be set, ends the read the same way.
        catch (BadHttpRequestException e) when (e.StatusCode == TooLargeStatus)
        {
            return null;
        }
    }

    /// <summary>DynamoDB's answer to a body past the limit: the status alone.</summary>
    public static void WriteTooLarge(HttpResponse response)
    {
        response.StatusCode = TooLargeStatus;
        response.ContentLength = 0;
    }
}
