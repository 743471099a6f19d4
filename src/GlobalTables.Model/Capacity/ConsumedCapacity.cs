namespace GlobalTables.Model.Capacity;

/// <summary>
/// What a request consumed on one table, as DynamoDB's ConsumedCapacity reports it: the table's own units, and each
/// secondary index's; the total is their sum.
/// </summary>
public sealed record ConsumedCapacity(string TableName, double TableUnits, IReadOnlyList<IndexCapacity> Indexes)
{
    public double Total => TableUnits + Indexes.Sum(i => i.Units);

    /// <summary>A batch's or a transaction's parts, summed per table (in the order tables first appear) and per index.</summary>
    public static IEnumerable<ConsumedCapacity> PerTable(IEnumerable<ConsumedCapacity> parts) =>
        parts.GroupBy(p => p.TableName).Select(table => new ConsumedCapacity(table.Key, table.Sum(p => p.TableUnits),
            table.SelectMany(p => p.Indexes).GroupBy(i => (i.Name, i.IsGlobal))
                .Select(index => new IndexCapacity(index.Key.Name, index.Key.IsGlobal, index.Sum(i => i.Units))).ToList()));
}
