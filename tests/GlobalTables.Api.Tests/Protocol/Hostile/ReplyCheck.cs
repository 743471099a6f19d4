using System.Globalization;
using System.IO.Hashing;
using System.Net;
using System.Text.Json;
using GlobalTables.Api.Errors;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// What every answer to a hostile request must be: never a 500; a body past the limit gets a bare 413; any other
/// error is DynamoDB's shape (a known __type at its own status, its message under the member DynamoDB uses);
/// every reply carries a request id and the CRC32 of its body.
/// </summary>
public static class ReplyCheck
{
    static readonly Dictionary<string, ErrorCode> CodesByType = Enum.GetValues<ErrorCode>().ToDictionary(DynamoErrors.TypeOf);

    /// <summary>The reply in a word, to count what the run was answered: 200, 413, or the error's type.</summary>
    public static string Kind(RawReply reply)
    {
        if (reply.Status is HttpStatusCode.OK or HttpStatusCode.RequestEntityTooLarge || reply.Body.Length == 0) return ((int)reply.Status).ToString(CultureInfo.InvariantCulture);
        try { return reply.Type[(reply.Type.IndexOf('#', StringComparison.Ordinal) + 1)..]; }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return ((int)reply.Status).ToString(CultureInfo.InvariantCulture); }
    }

    /// <summary>What is wrong with the reply, or null.</summary>
    public static string? Problem(HostileRequest request, RawReply reply, int bodyBytesMax)
    {
        if (reply.Status == HttpStatusCode.InternalServerError) return "HTTP 500: " + reply.Text;
        if (request.Body.Length > bodyBytesMax)
            return reply.Status == HttpStatusCode.RequestEntityTooLarge && reply.Body.Length == 0 ? null : $"a body past the limit got {(int)reply.Status}";
        if (!reply.Response.Headers.Contains("x-amzn-RequestId")) return "no x-amzn-RequestId";
        if (!reply.Response.Headers.TryGetValues("x-amz-crc32", out var crcs) ||
            crcs.Single() != Crc32.HashToUInt32(reply.Body).ToString(CultureInfo.InvariantCulture)) return "x-amz-crc32 does not match the body";

        // Operations with no output shape answer success with an empty body, as DynamoDB does.
        if (reply.Status == HttpStatusCode.OK && reply.Body.Length == 0 &&
            request.Target is HostileRequest.DynamoPrefix + "TagResource" or HostileRequest.DynamoPrefix + "UntagResource") return null;
        JsonElement json;
        try { json = reply.Json; }
        catch (JsonException) { return $"HTTP {(int)reply.Status} with a body that is not JSON: {reply.Text}"; }
        if (json.ValueKind != JsonValueKind.Object) return "the body is not a JSON object";
        if (reply.Status == HttpStatusCode.OK) return json.TryGetProperty("__type", out _) ? "a 200 carrying __type" : null;
        return ErrorShapeProblem(reply, json);
    }

    static string? ErrorShapeProblem(RawReply reply, JsonElement json)
    {
        if (!json.TryGetProperty("__type", out var typeMember) || typeMember.GetString() is not { } type) return "an error without __type: " + reply.Text;
        if (!CodesByType.TryGetValue(type, out var code)) return "an unknown __type: " + type;
        if ((int)reply.Status != DynamoErrors.StatusOf(code)) return $"{type} at HTTP {(int)reply.Status}";

        var field = DynamoErrors.MessageField(code);
        var other = field == "message" ? "Message" : "message";
        if (json.TryGetProperty(other, out _)) return $"{type} carries \"{other}\", DynamoDB writes \"{field}\"";
        bool hasMessage = json.TryGetProperty(field, out var message) && message.ValueKind == JsonValueKind.String && message.GetString()!.Length > 0;
        // A body that does not parse, and an unknown target, get DynamoDB's bare __type; every other error says why.
        if (!hasMessage && code is not (ErrorCode.Serialization or ErrorCode.UnknownOperation)) return $"{type} without a message";
        return null;
    }
}
