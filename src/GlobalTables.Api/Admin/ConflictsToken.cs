using System.Text;
using System.Text.Json;

namespace GlobalTables.Api.Admin;

/// <summary>
/// The next token of GET /_admin/conflicts: where each region's log resumes (region to journal ordering), as
/// base64url of a JSON object. Opaque to callers; one token carries every region a page was merged from.
/// </summary>
public static class ConflictsToken
{
    public static string Encode(IReadOnlyDictionary<string, long> resumeAfter) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(resumeAfter)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The positions a token holds, or null when it is not one this endpoint handed out.</summary>
    public static IReadOnlyDictionary<string, long>? TryDecode(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var positions = JsonSerializer.Deserialize<Dictionary<string, long>>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
            return positions is not null && positions.Values.All(p => p >= 0) ? positions : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
