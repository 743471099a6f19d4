using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using GlobalTables.Model.Validation;
using Microsoft.AspNetCore.Http;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// A request body sent with <c>Content-Encoding</c>. DynamoDB accepts gzip (several members one after another
/// included); deflate (the zlib format of HTTP) is accepted as well. DynamoDB answers an unknown coding, or a body
/// that does not decode, with HTTP 500 and applies nothing, so this does the same. The signature covers the body
/// as sent, so the caller authenticates the encoded bytes and parses the decoded ones.
/// </summary>
public static class RequestContentEncoding
{
    /// <summary>The coding named by the request, or null for none (no header, empty, or <c>identity</c>).</summary>
    public static string? CodingOf(HttpRequest request)
    {
        var value = request.Headers.ContentEncoding.ToString().Trim();
        return value.Length == 0 || value.Equals("identity", StringComparison.OrdinalIgnoreCase) ? null : value.ToLowerInvariant();
    }

    /// <summary>
    /// The decoded body; null when it decodes to more than <paramref name="bytesMax"/> (answered as any body past
    /// the limit is). Throws DynamoDB's 500 when the coding is unknown or the bytes are not in it.
    /// </summary>
    public static byte[]? Decode(string coding, byte[] body, long bytesMax)
    {
        try
        {
            using var decoder = DecodingStream(coding, new MemoryStream(body, writable: false));
            using var output = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = decoder.Read(chunk)) > 0)
            {
                // Checked as it grows: a small body may decode to gigabytes.
                if (output.Length + read > bytesMax) return null;
                output.Write(chunk, 0, read);
            }
            var decoded = output.ToArray();
            // .NET's decoders stop quietly at the end of a cut-off body (or an empty one), which DynamoDB refuses:
            // the trailer must be there and match what was decoded.
            if (!TrailerMatches(coding, body, decoded)) throw new InvalidDataException("The body ends before its trailer");
            return decoded;
        }
        catch (InvalidDataException)
        {
            throw DynamoException.InternalServerError();
        }
    }

    /// <summary>
    /// gzip ends each member with the CRC32 and length of its data, so the last member's data is the decoded
    /// body's tail of that length; zlib ends with the Adler-32 of all of it, big-endian.
    /// </summary>
    static bool TrailerMatches(string coding, byte[] body, byte[] decoded)
    {
        if (coding == "gzip")
        {
            if (body.Length < 18) return false;
            var length = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(body.Length - 4));
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(body.Length - 8, 4));
            return length <= decoded.Length && Crc32.HashToUInt32(decoded.AsSpan(decoded.Length - (int)length)) == crc;
        }
        return body.Length >= 6 && Adler32(decoded) == BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(body.Length - 4));
    }

    static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % Modulus;
            b = (b + a) % Modulus;
        }
        return (b << 16) | a;
    }

    /// <summary>A stream that decodes <paramref name="encoded"/>; DynamoDB's 500 for a coding it does not know.</summary>
    public static Stream DecodingStream(string coding, Stream encoded, bool leaveOpen = false) => coding switch
    {
        "gzip" => new GZipStream(encoded, CompressionMode.Decompress, leaveOpen),
        "deflate" => new ZLibStream(encoded, CompressionMode.Decompress, leaveOpen),
        _ => throw DynamoException.InternalServerError(),
    };
}
