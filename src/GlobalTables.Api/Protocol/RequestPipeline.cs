using System.Buffers;
using System.IO.Hashing;
using System.Text.Json;
using CommunityToolkit.HighPerformance.Buffers;
using GlobalTables.Api.Errors;
using GlobalTables.Model.Validation;
using GlobalTables.Region;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// DynamoDB's JSON 1.0 protocol: POST / with X-Amz-Target, a JSON body, and a JSON reply carrying
/// x-amzn-RequestId and x-amz-crc32. Every error leaves here as DynamoDB's __type and message.
/// </summary>
public sealed class RequestPipeline(OperationDispatcher dispatcher, ILogger logger)
{
    const string ContentType = "application/x-amz-json-1.0";

    /// <summary>SigV4 and IAM; set once at start-up, before any request. Null serves every request unchecked.</summary>
    public Auth.AccessControl? Access { get; set; }

    /// <summary>The largest body read; set once at start-up, before any request.</summary>
    public RequestBodyLimit BodyLimit { get; set; } = null!;

    /// <summary>When replies are compressed; set once at start-up, before any request.</summary>
    public ResponseCompression Compression { get; set; } = null!;

    public async Task HandleAsync(HttpContext http, RegionNode region)
    {
        var requestId = RequestId();
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        // From the shared pool: a reply grows its buffer several times, and a fresh one each time was a third of
        // what a GetItem allocated. Kestrel copies the reply before the write completes, so it goes back after.
        using var buffer = new ArrayPoolBufferWriter<byte>(256);
        int status = 200;
        try
        {
            // Measured first, as DynamoDB does: nothing else of a body past the limit is looked at.
            if (await BodyLimit.ReadAsync(http.Request) is not { } body)
            {
                RequestBodyLimit.WriteTooLarge(http.Response);
                return;
            }
            // The signature covers the bytes sent; the operation reads them decoded.
            var json = body;
            if (RequestContentEncoding.CodingOf(http.Request) is { } coding &&
                (json = RequestContentEncoding.Decode(coding, body, BodyLimit.BytesMax)) is null)
            {
                RequestBodyLimit.WriteTooLarge(http.Response);
                return;
            }
            var target = http.Request.Headers["X-Amz-Target"].ToString();
            if (!OperationTarget.TryParse(target, out var operation))
                throw new DynamoException(ErrorCode.UnknownOperation, "");

            var access = Access;
            var principal = access?.Authenticate(http.Request, body);
            using (var document = RequestJson.Parse(json))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw DynamoException.Serialization("Start of list found where not expected");
                (OperationTarget.IsStreams(operation) ? ShapeValidator.Streams : ShapeValidator.Instance).Validate(operation.ToString(), document.RootElement);
                var context = new OperationContext(region, document.RootElement, requestId);
                if (principal is not null) Auth.AccessControl.Authorize(principal, operation.ToString(), context);
                await using var writer = new Utf8JsonWriter(buffer);
                await dispatcher.DispatchAsync(operation, context, writer);
            }
        }
        catch (Exception e)
        {
            var error = e as DynamoException ?? Unexpected(e);
            status = DynamoErrors.StatusOf(error.Code);
            buffer.Clear();
            WriteError(buffer, error);
        }
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        var accepted = ResponseCompression.Choose(http.Request.Headers.AcceptEncoding.ToString());
        ReadOnlyMemory<byte> reply = buffer.WrittenMemory;
        if (Compression.Compress(reply.Span, accepted) is { } compressed)
        {
            http.Response.Headers.ContentEncoding = accepted;
            reply = compressed;
        }
        http.Response.Headers["x-amz-crc32"] = Crc32.HashToUInt32(reply.Span).ToString();
        http.Response.ContentLength = reply.Length;
        await http.Response.Body.WriteAsync(reply);
    }

    /// <summary>
    /// A request ID in DynamoDB's form: 43 upper-case letters and digits, the first 26 random. It names a request in
    /// logs and is no secret, so the shared generator makes it: a Guid read /dev/urandom, a system call, for every
    /// request (2% of a GetItem's CPU under perf).
    /// </summary>
    static string RequestId() => string.Create(RequestIdLength, 0, static (chars, _) =>
    {
        Random.Shared.GetItems(RequestIdAlphabet, chars[..RandomPartLength]);
        RequestIdSuffix.CopyTo(chars[RandomPartLength..]);
    });

    const string RequestIdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const string RequestIdSuffix = "AEMVJF66Q9ASUAAJG";
    const int RandomPartLength = 26;
    static readonly int RequestIdLength = RandomPartLength + RequestIdSuffix.Length;

    DynamoException Unexpected(Exception e)
    {
        if (e is TimeoutException or TaskCanceledException or Akka.Actor.AskTimeoutException)
            return new DynamoException(ErrorCode.InternalServerError, "Internal server error");
        logger.LogError(e, "Unhandled error");
        return new DynamoException(ErrorCode.InternalServerError, "Internal server error");
    }

    public static void WriteError(IBufferWriter<byte> buffer, DynamoException error)
    {
        using var w = new Utf8JsonWriter(buffer);
        w.WriteStartObject();
        w.WriteString("__type", DynamoErrors.TypeOf(error.Code));
        if (!string.IsNullOrEmpty(error.Message)) w.WriteString(DynamoErrors.MessageField(error.Code), error.Message);
        if (error.Item is not null) w.WriteItemMember("Item", error.Item);
        if (error is Model.Transactions.TransactionCanceledException cancelled) w.WriteCancellationReasons(cancelled.Reasons);
        w.WriteEndObject();
    }
}
