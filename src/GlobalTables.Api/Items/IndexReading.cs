using GlobalTables.Api.Protocol;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Indexes;
using GlobalTables.Model.Items;
using GlobalTables.Model.Queries;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Items;

/// <summary>What Query and Scan with an IndexName share, with DynamoDB's rules and messages (docs/indexes.md).</summary>
public static class IndexReading
{
    /// <summary>The index the request names, or null when it names none.</summary>
    public static SecondaryIndexDefinition? Resolve(OperationContext ctx, TableDefinition table)
    {
        if (ctx.String("IndexName") is not { } name) return null;
        var index = table.Index(name) ?? throw DynamoException.Validation($"The table does not have the specified index: {name}");
        if (index.IsGlobal && ctx.Bool("ConsistentRead"))
            throw DynamoException.Validation("Consistent reads are not supported on global secondary indexes");
        if (index.Status == IndexStatus.DELETING)
            throw DynamoException.Validation($"The table does not have the specified index: {name}");
        if (index.Status == IndexStatus.CREATING)
            throw DynamoException.Validation($"Cannot read from backfilling global secondary index: {name}");
        return index;
    }

    /// <summary>
    /// The read of the index, with where to resume. Asking for attributes the index does not project reads each item
    /// whole from the table on a local index, at the table's cost, and is refused on a global one.
    /// </summary>
    public static IndexRead Read(OperationContext ctx, TableDefinition table, SecondaryIndexDefinition index, ProjectionExpression? projection,
        bool countOnly, ItemKey? exclusiveStartIndexKey)
    {
        bool fetch = false;
        if (!countOnly && index.Projection.Type != ProjectionType.ALL)
        {
            fetch = projection is null
                ? ctx.String("Select") == "ALL_ATTRIBUTES"
                : projection.TopLevelAttributes.Any(a => !index.Projection.Projects(a, table.KeySchema, index.KeySchema));
            if (fetch && index.IsGlobal)
                throw DynamoException.Validation($"One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index {index.Name} because its projection type is not ALL");
        }
        return new IndexRead(index.Name, exclusiveStartIndexKey, fetch, KeepEntries: false);
    }

    /// <summary>ExclusiveStartKey on an index: the table's key attributes and the index's, nothing else.</summary>
    public static (ItemKey Table, ItemKey Index)? ExclusiveStartKey(OperationContext ctx, TableDefinition table, SecondaryIndexDefinition index)
    {
        if (ctx.Item("ExclusiveStartKey") is not { } start) return null;
        var names = table.KeySchema.Attributes.Concat(index.KeySchema.Attributes).DistinctBy(a => a.Name).ToList();
        if (start.Count != names.Count || names.Any(a => !start.TryGetValue(a.Name, out var v) || v.Type != a.Type))
            throw DynamoException.Validation("The provided starting key is invalid: The provided key element does not match the schema");
        var tableKey = new ItemKey(start[table.KeySchema.PartitionKey.Name], table.KeySchema.SortKey is { } sk ? start[sk.Name] : null);
        var indexKey = new ItemKey(start[index.KeySchema.PartitionKey.Name], index.KeySchema.SortKey is { } isk ? start[isk.Name] : null);
        return (tableKey, indexKey);
    }
}
