using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Indexes;

/// <summary>The rules for a table's secondary indexes in CreateTable, with DynamoDB's messages.</summary>
public static class IndexValidation
{
    public const int LocalIndexesMax = 5;
    public const int GlobalIndexesMax = 20;
    public const int ProjectedAttributesMax = 100;

    const string Invalid = "One or more parameter values were invalid: ";

    /// <summary>Validates the indexes against the table's key schema and attribute definitions, and defines them.</summary>
    public static List<SecondaryIndexDefinition> Define(IReadOnlyList<SecondaryIndexRequest>? local, IReadOnlyList<SecondaryIndexRequest>? global,
        KeySchema table, IReadOnlyList<KeyAttribute> definitions, BillingMode billing)
    {
        var indexes = new List<SecondaryIndexDefinition>();
        if (local is not null)
        {
            if (local.Count == 0) throw DynamoException.Validation(Invalid + "List of LocalSecondaryIndexes is empty");
            if (table.SortKey is null)
                throw DynamoException.Validation(Invalid + "Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
            foreach (var request in local)
            {
                var index = Define(request, isGlobal: false, definitions, billing, indexes);
                if (index.KeySchema.SortKey is null)
                    throw DynamoException.Validation(Invalid + $"Index KeySchema does not have a range key for index: {request.Name}");
                if (index.KeySchema.PartitionKey.Name != table.PartitionKey.Name)
                    throw DynamoException.Validation(Invalid + $"Index KeySchema does not have the same leading hash key as table KeySchema for index: {request.Name}. index hash key: {index.KeySchema.PartitionKey.Name}, table hash key: {table.PartitionKey.Name}");
                indexes.Add(index);
            }
            if (local.Count > LocalIndexesMax)
                throw DynamoException.Validation(Invalid + $"Number of LocalSecondaryIndexes exceeds per-table limit of {LocalIndexesMax}");
        }
        if (global is not null)
        {
            if (global.Count == 0) throw DynamoException.Validation(Invalid + "List of GlobalSecondaryIndexes is empty");
            foreach (var request in global) indexes.Add(Define(request, isGlobal: true, definitions, billing, indexes));
            if (global.Count > GlobalIndexesMax)
                throw DynamoException.Validation(Invalid + $"GlobalSecondaryIndex count exceeds the per-table limit of {GlobalIndexesMax}");
        }
        CheckProjectedCount(indexes);

        var used = table.Attributes.Concat(indexes.SelectMany(i => i.KeySchema.Attributes)).Select(a => a.Name).Distinct().ToList();
        if (definitions.Count != used.Count)
            throw DynamoException.Validation(Invalid + $"Some AttributeDefinitions are not used. AttributeDefinitions: [{string.Join(", ", definitions.Select(d => d.Name))}], keys used: [{string.Join(", ", used)}]");
        return indexes;
    }

    /// <summary>One index, checked on its own and against the ones before it.</summary>
    public static SecondaryIndexDefinition Define(SecondaryIndexRequest r, bool isGlobal, IReadOnlyList<KeyAttribute> definitions, BillingMode billing,
        IReadOnlyList<SecondaryIndexDefinition> others)
    {
        var names = r.KeySchema.Select(k => k.Name).ToList();
        if (names.Any(n => definitions.All(d => d.Name != n)))
            throw DynamoException.Validation(Invalid + $"Some index key attributes are not defined in AttributeDefinitions. Keys: [{string.Join(", ", names)}], AttributeDefinitions: [{string.Join(", ", definitions.Select(d => d.Name))}]");
        if (r.KeySchema.Count == 2 && names[0] == names[1])
            throw DynamoException.Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        if (r.KeySchema[0].KeyType != "HASH")
            throw DynamoException.Validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        if (r.KeySchema.Count == 2 && r.KeySchema[1].KeyType != "RANGE")
            throw DynamoException.Validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");

        var type = r.ProjectionType switch
        {
            "ALL" => ProjectionType.ALL,
            "KEYS_ONLY" => ProjectionType.KEYS_ONLY,
            "INCLUDE" => ProjectionType.INCLUDE,
            _ => throw DynamoException.Validation(Invalid + $"Unknown ProjectionType: {r.ProjectionType ?? "null"}"),
        };
        if (r.NonKeyAttributes is not null && type != ProjectionType.INCLUDE)
            throw DynamoException.Validation(Invalid + $"ProjectionType is {type}, but NonKeyAttributes is specified");
        if (r.NonKeyAttributes is null && type == ProjectionType.INCLUDE)
            throw DynamoException.Validation(Invalid + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        if (others.Any(o => o.Name == r.Name))
            throw DynamoException.Validation(Invalid + $"Duplicate index name: {r.Name}");

        long rcu = 0, wcu = 0;
        if (isGlobal)
        {
            bool given = r.ReadCapacityUnits is not null || r.WriteCapacityUnits is not null;
            if (billing == BillingMode.PAY_PER_REQUEST && given)
                throw DynamoException.Validation(Invalid + $"ProvisionedThroughput should not be specified for index: {r.Name} when BillingMode is PAY_PER_REQUEST");
            if (billing == BillingMode.PROVISIONED && (r.ReadCapacityUnits is null || r.WriteCapacityUnits is null))
                throw DynamoException.Validation(Invalid + $"ProvisionedThroughput must be specified for index: {r.Name}");
            (rcu, wcu) = (r.ReadCapacityUnits ?? 0, r.WriteCapacityUnits ?? 0);
        }
        KeyAttribute Resolve(string name) => definitions.First(d => d.Name == name);
        var schema = new KeySchema(Resolve(names[0]), names.Count == 2 ? Resolve(names[1]) : null);
        return new SecondaryIndexDefinition(r.Name, isGlobal, schema, new IndexProjection(type, r.NonKeyAttributes), IndexStatus.ACTIVE,
            ReadCapacityUnits: rcu, WriteCapacityUnits: wcu);
    }

    /// <summary>At most 100 projected non-key attributes in all of a table's indexes; a name in two indexes counts twice.</summary>
    public static void CheckProjectedCount(IEnumerable<SecondaryIndexDefinition> indexes)
    {
        int projected = indexes.Sum(i => i.Projection.NonKeyAttributes?.Count ?? 0);
        if (projected > ProjectedAttributesMax)
            throw DynamoException.Validation(Invalid + $"Number of projected attributes in all indexes exceeds limit of {ProjectedAttributesMax}, number of projected attributes: {projected}");
    }
}
