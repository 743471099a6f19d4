using System.Globalization;

namespace GlobalTables.Model.Streams;

/// <summary>
/// A stream record's sequence number is the journal sequence number of its event in the partition that is
/// the shard's source, so it increases within a shard. Written with 21 digits, DynamoDB's shortest.
/// </summary>
public static class SequenceNumber
{
    public static string Format(long sequence) => sequence.ToString("D21", CultureInfo.InvariantCulture);

    public static long? TryParse(string text) =>
        text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
