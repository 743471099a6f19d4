using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace GlobalTables.Model.Auth;

/// <summary>
/// Stateless session tokens. A token is the principal's name, the temporary access key id and the expiry,
/// followed by an HMAC-SHA256 of them under the server's session key. The temporary secret is not in the
/// token: it is a second HMAC of the same claims, so only the holder of the session key can derive it,
/// and the server needs no store of vended credentials.
/// </summary>
public static class SessionToken
{
    const byte FormatVersion = 1;
    const int MacLength = 32;
    static readonly byte[] TokenLabel = "globaltables-session-token\0"u8.ToArray();
    static readonly byte[] SecretLabel = "globaltables-session-secret\0"u8.ToArray();

    public static SessionCredentials Issue(byte[] sessionKey, string principalName, DateTimeOffset now, TimeSpan duration)
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        var accessKeyId = "ASIA" + Base32(random);
        var expiration = DateTimeOffset.FromUnixTimeSeconds((now + duration).ToUnixTimeSeconds());
        var payload = Payload(principalName, accessKeyId, expiration);
        var token = new byte[payload.Length + MacLength];
        payload.CopyTo(token, 0);
        Mac(sessionKey, TokenLabel, payload, token.AsSpan(payload.Length));
        return new SessionCredentials(principalName, accessKeyId, Secret(sessionKey, payload), Base64Url(token), expiration);
    }

    /// <summary>Reads a token whose HMAC is valid under the session key; false for anything forged, truncated or foreign.</summary>
    public static bool TryRead(byte[] sessionKey, string token, out SessionCredentials credentials)
    {
        credentials = null!;
        byte[] bytes;
        try { bytes = FromBase64Url(token); }
        catch (FormatException) { return false; }
        if (bytes.Length <= MacLength + 12) return false;
        var payload = bytes.AsSpan(0, bytes.Length - MacLength);
        Span<byte> expected = stackalloc byte[MacLength];
        Mac(sessionKey, TokenLabel, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(payload.Length))) return false;
        if (payload[0] != FormatVersion) return false;
        var expiration = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload[1..]));
        int keyLength = payload[9];
        if (10 + keyLength + 2 > payload.Length) return false;
        var accessKeyId = Encoding.ASCII.GetString(payload.Slice(10, keyLength));
        int nameLength = BinaryPrimitives.ReadUInt16BigEndian(payload[(10 + keyLength)..]);
        if (12 + keyLength + nameLength != payload.Length) return false;
        var name = Encoding.UTF8.GetString(payload.Slice(12 + keyLength, nameLength));
        credentials = new SessionCredentials(name, accessKeyId, Secret(sessionKey, payload.ToArray()), token, expiration);
        return true;
    }

    static byte[] Payload(string principalName, string accessKeyId, DateTimeOffset expiration)
    {
        var name = Encoding.UTF8.GetBytes(principalName);
        var key = Encoding.ASCII.GetBytes(accessKeyId);
        if (name.Length > ushort.MaxValue || key.Length > byte.MaxValue) throw new ArgumentException("Principal name too long", nameof(principalName));
        var payload = new byte[12 + key.Length + name.Length];
        payload[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), expiration.ToUnixTimeSeconds());
        payload[9] = (byte)key.Length;
        key.CopyTo(payload, 10);
        BinaryPrimitives.WriteUInt16BigEndian(payload.AsSpan(10 + key.Length), (ushort)name.Length);
        name.CopyTo(payload, 12 + key.Length);
        return payload;
    }

    static string Secret(byte[] sessionKey, ReadOnlySpan<byte> payload)
    {
        Span<byte> mac = stackalloc byte[MacLength];
        Mac(sessionKey, SecretLabel, payload, mac);
        return Convert.ToBase64String(mac)[..40];
    }

    static void Mac(byte[] sessionKey, byte[] label, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        var message = new byte[label.Length + payload.Length];
        label.CopyTo(message, 0);
        payload.CopyTo(message.AsSpan(label.Length));
        HMACSHA256.HashData(sessionKey, message, destination);
    }

    static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) text.Append(alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}
