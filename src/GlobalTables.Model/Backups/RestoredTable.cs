using GlobalTables.Model.Indexes;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Backups;

/// <summary>
/// The new table a restore creates (docs/backups.md): the source's key schema, attributes and secondary indexes, with
/// the overrides applied; CREATING until its items are in. As in DynamoDB, what a restore does not carry must be set
/// again on the new table: its replicas, stream, tags, time to live and point-in-time recovery.
/// </summary>
public static class RestoredTable
{
    public static TableDefinition Define(TableDefinition source, string targetName, string tableId, int partitionCount, DateTimeOffset now,
        RestoreOverrides overrides, RestoreSummary summary)
    {
        var billing = overrides.BillingMode ?? source.BillingMode;
        long read = overrides.ReadCapacityUnits ?? source.ReadCapacityUnits, write = overrides.WriteCapacityUnits ?? source.WriteCapacityUnits;
        if (billing == BillingMode.PAY_PER_REQUEST)
        {
            if (overrides.ReadCapacityUnits is not null || overrides.WriteCapacityUnits is not null)
                throw DynamoException.Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            read = write = 0;
        }
        else if (read == 0 || write == 0)
            throw DynamoException.Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        var indexes = Kept(source, overrides.GlobalIndexes, isGlobal: true).Concat(Kept(source, overrides.LocalIndexes, isGlobal: false))
            .Select(i => i with
            {
                Status = IndexStatus.ACTIVE,
                Backfilling = false,
                ReadCapacityUnits = i.IsGlobal && billing == BillingMode.PROVISIONED ? Math.Max(i.ReadCapacityUnits, read) : 0,
                WriteCapacityUnits = i.IsGlobal && billing == BillingMode.PROVISIONED ? Math.Max(i.WriteCapacityUnits, write) : 0,
            })
            .OrderBy(i => i.IsGlobal)
            .ToList();
        var used = indexes.SelectMany(i => i.KeySchema.Attributes).Concat(source.KeySchema.Attributes).Select(a => a.Name).ToHashSet();
        return new TableDefinition(targetName, tableId, source.KeySchema, source.AttributeDefinitions.Where(a => used.Contains(a.Name)).ToList(),
            billing, read, write, partitionCount, TableStatus.CREATING, now,
            BillingModeLastUpdate: billing == BillingMode.PAY_PER_REQUEST ? now : null,
            Indexes: indexes.Count > 0 ? indexes : null,
            Restore: summary);
    }

    /// <summary>The source's indexes of one kind that the override keeps; every one when there is no override.</summary>
    static IEnumerable<SecondaryIndexDefinition> Kept(TableDefinition source, IReadOnlyList<string>? names, bool isGlobal)
    {
        var ofKind = source.SecondaryIndexes.Where(i => i.IsGlobal == isGlobal && i.Status != IndexStatus.DELETING).ToList();
        if (names is null) return ofKind;
        foreach (var name in names)
            if (ofKind.All(i => i.Name != name))
                throw DynamoException.Validation($"One or more parameter values were invalid: {(isGlobal ? "Global" : "Local")} secondary index {name} does not exist in the source table");
        return ofKind.Where(i => names.Contains(i.Name));
    }
}
