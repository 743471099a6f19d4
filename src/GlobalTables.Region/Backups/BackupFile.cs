using System.IO.Compression;
using GlobalTables.Model.Attributes;

namespace GlobalTables.Region.Backups;

/// <summary>
/// A backup's items on disk (docs/backups.md): gzip over a format tag, then each item image in the journal's binary
/// form, length first. Written to a temporary name and renamed once flushed, so a file under its own name is whole.
/// </summary>
public static class BackupFile
{
    const string Format = "gtb1";

    /// <summary>Writes <paramref name="images"/> (encoded items) to <paramref name="path"/>; answers the file's size and the item count.</summary>
    public static async Task<(long SizeBytes, long ItemCount)> WriteAsync(string path, IAsyncEnumerable<byte[]> images, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".partial";
        long count = 0;
        await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
            await using (var w = new BinaryWriter(gzip))
            {
                w.Write(Format);
                await foreach (var image in images.WithCancellation(cancel))
                {
                    w.Write7BitEncodedInt(image.Length);
                    w.Write(image);
                    count++;
                }
            }
            file.Flush(flushToDisk: true);
        }
        File.Move(partial, path, overwrite: true);
        return (new FileInfo(path).Length, count);
    }

    /// <summary>The items of the backup at <paramref name="path"/>, in the order written.</summary>
    public static async IAsyncEnumerable<Dictionary<string, AttributeValue>> ReadAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: false);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var r = new BinaryReader(gzip);
        if (r.ReadString() != Format) throw new InvalidDataException($"{path} is not a backup");
        while (true)
        {
            int length;
            try { length = r.Read7BitEncodedInt(); }
            catch (EndOfStreamException) { yield break; }
            yield return AttributeValueBinary.DecodeItem(r.ReadBytes(length));
        }
    }
}
