using Akka.Actor;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Backups;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Region.Backups;

/// <summary>
/// The work behind the backup operations, which the catalog starts and hears the end of (docs/backups.md): writing a
/// backup's file from the table as of its time, and filling a restored table from a backup or from its source table
/// as of a point in time. Every step is a task off the catalog's thread.
/// </summary>
public sealed class TableBackups(TableAsOf asOf, IActorRef partitions, string folder, BackupSettings settings, TimeSpan askTimeout)
{
    public BackupSettings Settings => settings;

    string PathOf(Backup backup) => Path.Combine(folder, backup.File);

    /// <summary>Writes the backup's file from its table as of its time; answers the file's size and the item count.</summary>
    public Task<(long SizeBytes, long ItemCount)> WriteAsync(Backup backup) =>
        BackupFile.WriteAsync(PathOf(backup), ImagesAsOf(backup.Table, backup.CreatedAt));

    async IAsyncEnumerable<byte[]> ImagesAsOf(TableDefinition table, DateTimeOffset at)
    {
        for (int p = 0; p < table.PartitionCount; p++)
        {
            var partition = await asOf.ReadPartitionAsync(table, p, at);
            foreach (var (_, item) in partition.Items) yield return item.EncodedImage.ToArray();
        }
    }

    public Task DeleteFileAsync(Backup backup) => Task.Run(() => File.Delete(PathOf(backup)));

    /// <summary>Fills <paramref name="target"/> with the backup's items; answers how many.</summary>
    public Task<long> RestoreAsync(Backup backup, TableDefinition target) => WriteAllAsync(target, BackupFile.ReadAsync(PathOf(backup)));

    /// <summary>Fills <paramref name="target"/> with <paramref name="source"/>'s items as they were at <paramref name="at"/>; answers how many.</summary>
    public Task<long> RestoreAsync(TableDefinition source, DateTimeOffset at, TableDefinition target) =>
        WriteAllAsync(target, ItemsAsOf(source, at));

    async IAsyncEnumerable<Dictionary<string, AttributeValue>> ItemsAsOf(TableDefinition table, DateTimeOffset at)
    {
        await foreach (var image in ImagesAsOf(table, at)) yield return AttributeValueBinary.DecodeItem(image);
    }

    /// <summary>
    /// Puts every item into the new table through its partitions' write path, in batches of
    /// <see cref="BackupSettings.RestoreBatch"/> items of one partition, <see cref="BackupSettings.RestoreBatchesInFlight"/>
    /// at once. A put overwrites, so a restore started again after a restart writes the same table.
    /// </summary>
    async Task<long> WriteAllAsync(TableDefinition target, IAsyncEnumerable<Dictionary<string, AttributeValue>> items)
    {
        long written = 0;
        using var slots = new SemaphoreSlim(settings.RestoreBatchesInFlight);
        var sending = new List<Task>();
        var batches = new List<PutRequest>[target.PartitionCount];
        async Task SendAsync(int partition, List<PutRequest> batch)
        {
            try
            {
                var loaded = await partitions.Ask<ItemsLoaded>(new PartitionEnvelope(target.PartitionEntityId(partition), new LoadItems(batch)), askTimeout);
                Interlocked.Add(ref written, loaded.Count);
            }
            finally { slots.Release(); }
        }
        async Task FlushAsync(int partition)
        {
            await slots.WaitAsync();
            sending.Add(SendAsync(partition, batches[partition]));
            batches[partition] = [];
        }
        await foreach (var item in items)
        {
            var key = target.KeySchema.KeyOfItem(item);
            int partition = key.PartitionOf(target.PartitionCount);
            (batches[partition] ??= []).Add(new PutRequest(key, item, null, ReturnValue.NONE, false));
            if (batches[partition].Count >= settings.RestoreBatch) await FlushAsync(partition);
            // A failed batch ends the restore now, not after every item was read.
            if (sending.FirstOrDefault(t => t.IsFaulted) is { } failed) await failed;
        }
        for (int p = 0; p < batches.Length; p++)
            if (batches[p] is { Count: > 0 }) await FlushAsync(p);
        await Task.WhenAll(sending);
        return written;
    }
}
