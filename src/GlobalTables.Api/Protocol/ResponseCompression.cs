using System.IO.Compression;
using Akka.Configuration;

namespace GlobalTables.Api.Protocol;

/// <summary>
/// Compression of replies, as DynamoDB does it: a reply of at least <see cref="BytesMin"/>
/// (<c>globaltables.response-compression-min</c>, DynamoDB's is 4 KB) goes gzip or deflate when the request's
/// <c>Accept-Encoding</c> allows one. The highest quality wins, then the earlier in the header; <c>*</c> is gzip.
/// x-amz-crc32 is then the CRC32 of the compressed bytes, as DynamoDB's is.
/// </summary>
public sealed record ResponseCompression(long BytesMin)
{
    public const string ConfigPath = "globaltables.response-compression-min";

    public static ResponseCompression From(Config akka) =>
        akka.GetByteSize(ConfigPath) is > 0 and var bytes
            ? new ResponseCompression(bytes)
            : throw new ConfigurationException($"{ConfigPath} must be a positive size, e.g. 4KiB");

    /// <summary>The coding to answer in, gzip or deflate, or null for none.</summary>
    public static string? Choose(string? acceptEncoding)
    {
        if (string.IsNullOrWhiteSpace(acceptEncoding)) return null;
        // Per coding: its quality and where it was first named; the wildcard counts for the codings not named.
        var named = new Dictionary<string, (double Quality, int At)>(StringComparer.Ordinal);
        (double Quality, int At)? wildcard = null;
        var entries = acceptEncoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var at = 0; at < entries.Length; at++)
        {
            var parts = entries[at].Split(';');
            var name = parts[0].Trim().ToLowerInvariant();
            if (name is not ("gzip" or "deflate" or "*")) continue;
            var quality = QualityOf(parts.AsSpan(1));
            if (name == "*") wildcard = wildcard is { } w ? (Math.Max(w.Quality, quality), w.At) : (quality, at);
            else named[name] = named.TryGetValue(name, out var n) ? (Math.Max(n.Quality, quality), n.At) : (quality, at);
        }
        string? best = null;
        (double Quality, bool Named, int At) bestRank = (0, false, 0);
        foreach (var coding in new[] { "gzip", "deflate" })
        {
            (double Quality, bool Named, int At)? rank = named.TryGetValue(coding, out var n) ? (n.Quality, true, n.At)
                : wildcard is { } w ? (w.Quality, false, w.At) : null;
            if (rank is not { Quality: > 0 } r) continue;
            // Higher quality first; at equal quality a coding named outright beats the wildcard, then the earlier one.
            if (best is null || r.Quality > bestRank.Quality ||
                (r.Quality == bestRank.Quality && ((r.Named && !bestRank.Named) || (r.Named == bestRank.Named && r.At < bestRank.At))))
                (best, bestRank) = (coding, r);
        }
        return best;
    }

    /// <summary>
    /// The first <c>q</c> parameter, as DynamoDB reads it: absent or unreadable is 1, above 1 is 1, below 0 is 0.
    /// </summary>
    static double QualityOf(ReadOnlySpan<string> parameters)
    {
        foreach (var parameter in parameters)
        {
            var equals = parameter.IndexOf('=');
            if (equals < 0 || parameter[..equals].Trim() != "q") continue;
            return double.TryParse(parameter[(equals + 1)..].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q)
                ? Math.Clamp(q, 0, 1) : 1;
        }
        return 1;
    }

    /// <summary>The reply compressed in <paramref name="coding"/>, or null when it is too small to be worth it.</summary>
    public byte[]? Compress(ReadOnlySpan<byte> reply, string? coding)
    {
        if (coding is null || reply.Length < BytesMin) return null;
        using var output = new MemoryStream(reply.Length / 4 + 64);
        using (Stream encoder = coding == "gzip"
                   ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)
                   : new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
            encoder.Write(reply);
        return output.ToArray();
    }
}
