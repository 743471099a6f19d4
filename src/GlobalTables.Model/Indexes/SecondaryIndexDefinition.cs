using GlobalTables.Model.Attributes;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// One secondary index of a table, as the catalog holds it. A local index (LSI) shares the table's partition key and
/// lives in the table's partitions; a global one (GSI) has keys of its own (docs/indexes.md).
/// </summary>
public sealed record SecondaryIndexDefinition(
    string Name,
    bool IsGlobal,
    KeySchema KeySchema,
    IndexProjection Projection,
    IndexStatus Status = IndexStatus.ACTIVE,
    bool Backfilling = false,
    long ReadCapacityUnits = 0,
    long WriteCapacityUnits = 0)
{
    public string Arn(string tableArn) => $"{tableArn}/index/{Name}";

    /// <summary>
    /// The item's key in this index, or null when the item lacks one of the index's key attributes: a sparse index
    /// holds only the items that have them. A key of another type is not one either: writes here are refused one
    /// (<see cref="CheckKeyTypes"/>), but a replica may have set it before the index existed.
    /// </summary>
    public Items.ItemKey? KeyOf(IReadOnlyDictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue(KeySchema.PartitionKey.Name, out var pk) || pk.Type != KeySchema.PartitionKey.Type) return null;
        if (KeySchema.SortKey is null) return new Items.ItemKey(pk, null);
        return item.TryGetValue(KeySchema.SortKey.Name, out var sk) && sk.Type == KeySchema.SortKey.Type ? new Items.ItemKey(pk, sk) : null;
    }

    /// <summary>The size of the item's entry in this index, its projected attributes; 0 when it has none.</summary>
    public int EntrySizeOf(IReadOnlyDictionary<string, AttributeValue> item, KeySchema table) =>
        KeyOf(item) is null ? 0 : Items.ItemSize.Of(Projection.Project(item, table, KeySchema));

    /// <summary>A write may not give an index key attribute another type than the index's, nor an empty value.</summary>
    public void CheckKeyTypes(IReadOnlyDictionary<string, AttributeValue> item)
    {
        foreach (var key in KeySchema.Attributes)
        {
            if (!item.TryGetValue(key.Name, out var value)) continue;
            if (value.Type != key.Type)
                throw DynamoException.Validation($"One or more parameter values were invalid: Type mismatch for Index Key {key.Name} Expected: {key.Type} Actual: {value.Type} IndexName: {Name}");
            if ((value.Type == AttributeType.S && value.S.Length == 0) || (value.Type == AttributeType.B && value.B.Length == 0))
                throw DynamoException.Validation($"One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty {(value.Type == AttributeType.S ? "string" : "binary")} value. IndexName: {Name}, IndexKey: {key.Name}");
        }
    }
}
