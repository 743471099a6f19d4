using System.Text;
using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Items;

public static class ItemSize
{
    /// <summary>Bytes by DynamoDB's rules: attribute names plus values.</summary>
    public static int Of(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        if (item is null) return 0;
        int size = 0;
        foreach (var (name, value) in item) size += Encoding.UTF8.GetByteCount(name) + value.SizeBytes();
        return size;
    }
}
