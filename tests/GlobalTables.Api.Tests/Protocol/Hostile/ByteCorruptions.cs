using System.Text;

namespace GlobalTables.Api.Tests.Protocol.Hostile;

/// <summary>
/// Breaks a body below JSON: cut short, invalid UTF-8 inside a string, an escaped lone surrogate, stray bytes,
/// bodies that are not an object, JSON nested thousands deep.
/// </summary>
public sealed class ByteCorruptions(Random random)
{
    static readonly byte[][] InvalidUtf8 = [[0xFF], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF]];
    static readonly string[] NotObjects = ["", " ", "null", "[]", "\"text\"", "42", "true", "{", "}", "{}}", "{\"a\":}", "{'TableName':'x'}", "{\"a\":NaN}", "{\"a\":1e400}"];

    /// <summary>The body with one corruption, and its name.</summary>
    public (byte[] Body, string Name) Corrupt(byte[] body)
    {
        switch (random.Next(8))
        {
            case 0:
                return (body[..random.Next(body.Length)], "truncated");
            case 1:
                return (InsertIntoString(body, InvalidUtf8[random.Next(InvalidUtf8.Length)]), "invalid UTF-8 in a string");
            case 2:
                return (InsertIntoString(body, Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "\\ud800" : "\\udfff\\ud800")), "escaped lone surrogate");
            case 3:
            {
                var copy = body.ToArray();
                for (int i = random.Next(1, 4); i > 0 && copy.Length > 0; i--) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return (copy, "random bytes");
            }
            case 4:
                return (Encoding.UTF8.GetBytes(NotObjects[random.Next(NotObjects.Length)]), "not an object");
            case 5:
            {
                int depth = random.Next(2) == 0 ? 129 : 5000;
                var nested = new string('[', depth) + new string(']', depth);
                return (Encoding.UTF8.GetBytes("{\"TableName\":" + nested + "}"), $"JSON {depth} deep");
            }
            case 6:
                return ([0xEF, 0xBB, 0xBF, .. body], "byte order mark");
            default:
                return ([.. body, .. Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "}" : " garbage")], "trailing bytes");
        }
    }

    /// <summary>The bytes put just inside the body's first string value, or at its end when it has none.</summary>
    static byte[] InsertIntoString(byte[] body, byte[] bytes)
    {
        int quote = Array.IndexOf(body, (byte)':');
        quote = quote < 0 ? -1 : Array.IndexOf(body, (byte)'"', quote);
        int at = quote < 0 ? body.Length : quote + 1;
        return [.. body[..at], .. bytes, .. body[at..]];
    }
}
