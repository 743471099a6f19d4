using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace GlobalTables.Model.Streams;

/// <summary>
/// A position in a shard, handed to the client as an opaque string. It holds everything needed to go on
/// reading, so an iterator outlives a restart of the region; it expires a fixed time after it was issued.
/// </summary>
/// <param name="Position">The journal sequence number to read from next.</param>
public sealed record ShardIterator(string StreamArn, StreamShard Shard, long Position, DateTimeOffset IssuedAt)
{
    public string Encode()
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"{Shard.Partition}|{Shard.Window}|{Position}|{IssuedAt.ToUnixTimeMilliseconds()}");
        return $"{StreamArn}|1|{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(body))}";
    }

    public static ShardIterator? TryDecode(string text)
    {
        int split = text.LastIndexOf("|1|", StringComparison.Ordinal);
        if (split <= 0) return null;
        string body;
        try { body = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text.AsSpan(split + 3))); }
        catch (FormatException) { return null; }
        var parts = body.Split('|');
        if (parts.Length != 4 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var partition) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var window) ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var position) ||
            !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var issued))
            return null;
        return new ShardIterator(text[..split], new StreamShard(partition, window), position, DateTimeOffset.FromUnixTimeMilliseconds(issued));
    }
}
