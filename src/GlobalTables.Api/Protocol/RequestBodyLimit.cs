using System.Buffers;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Configuration;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// The largest request body an endpoint reads, <c>globaltables.request-body-max</c> in config/akka.conf
/// (DynamoDB's is 16 MB). DynamoDB answers a larger body with HTTP 413 and an empty body.
/// </summary>
public static class RequestBodyLimit
{
    public const string ConfigPath = "globaltables.request-body-max";
    public const int TooLargeStatus = StatusCodes.Status413PayloadTooLarge;

    // Read once per region's ActorSystem; the config does not change while it runs.
    static readonly ConditionalWeakTable<ActorSystem, StrongBox<long>> BytesMaxBySystem = new();

    public static long BytesMax(RegionNode region) =>
        BytesMaxBySystem.GetValue(region.System, static system => new StrongBox<long>(
            system.Settings.Config.GetByteSize(ConfigPath) is > 0 and var bytes
                ? bytes
                : throw new ConfigurationException($"{ConfigPath} must be a positive size, e.g. 16MiB"))).Value;

    /// <summary>The whole body, or null as soon as it is known to be longer than <paramref name="bytesMax"/> (the rest is left unread).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long bytesMax)
    {
        if (request.ContentLength > bytesMax) return null;
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                if (result.Buffer.Length > bytesMax)
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
