using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Indexes;

/// <summary>
/// UpdateTable's GlobalSecondaryIndexUpdates on a live table, with DynamoDB's rules and messages (docs/indexes.md): a
/// new index is CREATING and backfilling until every partition has built it, a deleted one DELETING until every
/// partition has dropped it, and only one index is created or deleted at a time per table.
/// </summary>
public static class GlobalIndexChanges
{
    const string OneAtATime = "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table";

    /// <param name="definitions">The request's AttributeDefinitions, which a new index's key attributes must be among.</param>
    public static TableDefinition Apply(TableDefinition t, IReadOnlyList<GlobalIndexUpdate> updates, IReadOnlyList<(string Name, string Type)>? definitions)
    {
        if (updates.Count(u => u.Create is not null || u.Delete is not null) > 1
            || (updates.Any(u => u.Create is not null || u.Delete is not null) && t.SecondaryIndexes.Any(i => i.Status is IndexStatus.CREATING or IndexStatus.DELETING)))
            throw new DynamoException(ErrorCode.LimitExceeded, OneAtATime);

        var indexes = t.SecondaryIndexes.ToList();
        var attributes = t.AttributeDefinitions.ToList();
        foreach (var update in updates)
        {
            if (update.Create is { } create)
            {
                var merged = Merge(attributes, definitions);
                if (indexes.Any(i => i.Name == create.Name))
                    throw DynamoException.Validation($"One or more parameter values were invalid: Index already exists: {create.Name}");
                var index = IndexValidation.Define(create, isGlobal: true, merged, t.BillingMode, indexes);
                if (indexes.Count(i => i.IsGlobal) >= IndexValidation.GlobalIndexesMax)
                    throw new DynamoException(ErrorCode.LimitExceeded, $"Subscriber limit exceeded: GlobalSecondaryIndex count exceeds the per-table limit of {IndexValidation.GlobalIndexesMax}");
                indexes.Add(index with { Status = IndexStatus.CREATING, Backfilling = true });
                IndexValidation.CheckProjectedCount(indexes);
                // The table's definitions keep only the attributes some key uses.
                attributes = KeyedBy(merged, t.KeySchema, indexes);
            }
            else if (update.Delete is { } delete)
            {
                int at = indexes.FindIndex(i => i.Name == delete && i.IsGlobal);
                if (at < 0) throw DynamoException.ResourceNotFound($"Requested resource not found: Index: {delete} not found");
                indexes[at] = indexes[at] with { Status = IndexStatus.DELETING, Backfilling = false };
            }
            else if (update.Update is { } throughput)
            {
                int at = indexes.FindIndex(i => i.Name == throughput.IndexName && i.IsGlobal);
                if (at < 0) throw DynamoException.ResourceNotFound($"Requested resource not found: Index: {throughput.IndexName} not found");
                if (t.BillingMode == BillingMode.PAY_PER_REQUEST)
                    throw DynamoException.Validation($"One or more parameter values were invalid: ProvisionedThroughput should not be specified for index: {throughput.IndexName} when BillingMode is PAY_PER_REQUEST");
                indexes[at] = indexes[at] with { ReadCapacityUnits = throughput.ReadCapacityUnits, WriteCapacityUnits = throughput.WriteCapacityUnits };
            }
            else
            {
                throw DynamoException.Validation("One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Update or GlobalSecondaryIndexUpdate.Delete must be specified");
            }
        }
        return t with { Indexes = indexes, AttributeDefinitions = attributes };
    }

    /// <summary>
    /// The partitions hold <paramref name="built"/>: every index CREATING in it becomes ACTIVE, and every DELETING one
    /// not in it goes. Null when nothing changes.
    /// </summary>
    public static TableDefinition? Settled(TableDefinition t, Partitions.IndexesDefined built)
    {
        if (!t.IndexesDefined.Same(built)) return null;
        if (t.SecondaryIndexes.All(i => i.Status == IndexStatus.ACTIVE)) return null;
        var indexes = t.SecondaryIndexes.Where(i => i.Status != IndexStatus.DELETING)
            .Select(i => i with { Status = IndexStatus.ACTIVE, Backfilling = false }).ToList();
        return t with { Indexes = indexes.Count == 0 ? null : indexes, AttributeDefinitions = KeyedBy(t.AttributeDefinitions, t.KeySchema, indexes) };
    }

    /// <summary>
    /// A peer replica changed the indexes: this replica takes the same set. An index it has already built stays as it
    /// is here; a new one starts CREATING here, and one the peer deletes starts DELETING.
    /// </summary>
    public static TableDefinition Adopt(TableDefinition t, IReadOnlyList<SecondaryIndexDefinition> peer, IReadOnlyList<KeyAttribute> peerDefinitions)
    {
        var indexes = new List<SecondaryIndexDefinition>();
        foreach (var incoming in peer)
        {
            var mine = t.Index(incoming.Name);
            indexes.Add(incoming.Status switch
            {
                IndexStatus.DELETING => incoming with { Backfilling = false },
                _ when mine is { Status: IndexStatus.ACTIVE } => mine with { ReadCapacityUnits = incoming.ReadCapacityUnits, WriteCapacityUnits = incoming.WriteCapacityUnits },
                _ => incoming with { Status = IndexStatus.CREATING, Backfilling = true },
            });
        }
        // One the peer no longer lists was deleted there; it goes here through DELETING too.
        foreach (var gone in t.SecondaryIndexes.Where(i => peer.All(p => p.Name != i.Name)))
            indexes.Add(gone with { Status = IndexStatus.DELETING, Backfilling = false });
        var attributes = t.AttributeDefinitions.Concat(peerDefinitions).DistinctBy(a => a.Name).ToList();
        return t with { Indexes = indexes.Count == 0 ? null : indexes, AttributeDefinitions = attributes };
    }

    /// <summary>The definitions of the attributes the table's key or an index's uses.</summary>
    static List<KeyAttribute> KeyedBy(IEnumerable<KeyAttribute> definitions, KeySchema table, IReadOnlyList<SecondaryIndexDefinition> indexes) =>
        definitions.Where(a => table.IsKeyAttribute(a.Name) || indexes.Any(i => i.KeySchema.IsKeyAttribute(a.Name))).ToList();

    static List<KeyAttribute> Merge(List<KeyAttribute> table, IReadOnlyList<(string Name, string Type)>? request)
    {
        var merged = table.ToList();
        foreach (var attribute in (request ?? []).Select((a, i) => KeyAttribute.Define(a.Name, a.Type, i + 1)))
        {
            var existing = merged.FirstOrDefault(a => a.Name == attribute.Name);
            if (existing is null) merged.Add(attribute);
            else if (existing.Type != attribute.Type)
                throw DynamoException.Validation($"One or more parameter values were invalid: Attribute {attribute.Name} is already defined with type {existing.Type}");
        }
        return merged;
    }
}
