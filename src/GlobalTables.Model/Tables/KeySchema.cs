using System.Text;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tables;

/// <summary>A table's primary key: a partition key and an optional sort key.</summary>
public sealed record KeySchema(KeyAttribute PartitionKey, KeyAttribute? SortKey)
{
    public IEnumerable<KeyAttribute> Attributes => SortKey is null ? [PartitionKey] : [PartitionKey, SortKey];

    public bool IsKeyAttribute(string name) => name == PartitionKey.Name || name == SortKey?.Name;

    /// <summary>Extracts and checks the key of a full item, as PutItem does.</summary>
    public ItemKey KeyOfItem(IReadOnlyDictionary<string, AttributeValue> item)
    {
        foreach (var k in Attributes)
        {
            if (!item.TryGetValue(k.Name, out var v))
                throw DynamoException.Validation($"One or more parameter values were invalid: Missing the key {k.Name} in the item");
            CheckKeyValue(k, v, "One or more parameter values were invalid: ");
        }
        return new ItemKey(item[PartitionKey.Name], SortKey is null ? null : item[SortKey.Name]);
    }

    /// <summary>Checks a Key parameter (GetItem, UpdateItem, DeleteItem): exactly the key attributes.</summary>
    public ItemKey KeyOfKeyParameter(IReadOnlyDictionary<string, AttributeValue> key)
    {
        int expected = SortKey is null ? 1 : 2;
        if (key.Count != expected || !Attributes.All(a => key.ContainsKey(a.Name)))
            throw DynamoException.Validation("The provided key element does not match the schema");
        foreach (var k in Attributes) CheckKeyValue(k, key[k.Name], "");
        var itemKey = new ItemKey(key[PartitionKey.Name], SortKey is null ? null : key[SortKey.Name]);
        CheckKeySizes(itemKey);
        return itemKey;
    }

    static void CheckKeyValue(KeyAttribute k, AttributeValue v, string prefix)
    {
        if (v.Type != k.Type)
            throw DynamoException.Validation(prefix.Length > 0
                ? $"{prefix}Type mismatch for key {k.Name} expected: {k.Type} actual: {v.Type}"
                : "The provided key element does not match the schema");
        if ((v.Type == AttributeType.S && v.S.Length == 0) || (v.Type == AttributeType.B && v.B.Length == 0))
            throw DynamoException.Validation($"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {(v.Type == AttributeType.S ? "string" : "binary")} value. Key: {k.Name}");
    }

    public void CheckKeySizes(ItemKey key)
    {
        if (key.PartitionKey.SizeBytes() > Limits.PartitionKeyBytesMax)
            throw DynamoException.Validation($"One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of{Limits.PartitionKeyBytesMax} bytes");
        if (key.SortKey is not null && key.SortKey.SizeBytes() > Limits.SortKeyBytesMax)
            throw DynamoException.Validation($"One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of {Limits.SortKeyBytesMax} bytes");
    }

    public Dictionary<string, AttributeValue> KeyAttributesOf(ItemKey key)
    {
        var d = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [PartitionKey.Name] = key.PartitionKey };
        if (SortKey is not null) d[SortKey.Name] = key.SortKey!;
        return d;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(PartitionKey.Name);
        if (SortKey is not null) sb.Append(',').Append(SortKey.Name);
        return sb.ToString();
    }
}
