using System.Security.Cryptography;
using System.Text;
using GlobalTables.Model.Items;

namespace GlobalTables.Model.Replication;

/// <summary>
/// An order-free hash of one replica of a table: every key with its image, Version and Context.
/// Equal digests mean the replicas converged.
/// </summary>
public static class ReplicaDigest
{
    public static string Of(IEnumerable<KeyValuePair<ItemKey, StoredItem>> items)
    {
        var lines = items.Select(kv => $"{kv.Key.PartitionKey}|{kv.Key.SortKey}|{kv.Value.Version}|{kv.Value.Context}|{Image(kv.Value)}")
            .Order(StringComparer.Ordinal);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines))));
    }

    static string Image(StoredItem item) => item.Image is not { } image
        ? "-"
        : string.Join(",", image.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
