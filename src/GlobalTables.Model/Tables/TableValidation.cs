using GlobalTables.Model.Attributes;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tables;

/// <summary>CreateTable and UpdateTable rules that span fields, with DynamoDB's messages.</summary>
public static class TableValidation
{
    /// <summary>
    /// DynamoDB's refusal of a change (UpdateTable, DeleteTable, ReplicaUpdates) to a table that is not ACTIVE, in its words:
    /// "Table is being updated", never the status itself ("being updating").
    /// </summary>
    public static DynamoException InUse(TableDefinition t) =>
        DynamoException.ResourceInUse($"Attempt to change a resource which is still in use: Table is being {StatusVerb(t.Status)}: {t.Name}");

    static string StatusVerb(TableStatus s) => s switch
    {
        TableStatus.CREATING => "created",
        TableStatus.UPDATING => "updated",
        TableStatus.DELETING => "deleted",
        _ => "used",
    };

    public static TableDefinition Define(CreateTableRequest r, string tableId, int partitionCount, DateTimeOffset now)
    {
        var definitions = new List<KeyAttribute>();
        foreach (var (name, type) in r.AttributeDefinitions)
        {
            if (definitions.Any(d => d.Name == name))
                throw DynamoException.Validation("Cannot have two attributes with the same name");
            definitions.Add(KeyAttribute.Define(name, type, definitions.Count + 1));
        }

        if (r.KeySchema.Count > 2)
            throw DynamoException.Validation("1 validation error detected: Value '[" + string.Join(", ", r.KeySchema.Select(k => $"KeySchemaElement(attributeName={k.Name}, keyType={k.KeyType})")) + "]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
        var hash = r.KeySchema.Where(k => k.KeyType == "HASH").ToList();
        var range = r.KeySchema.Where(k => k.KeyType == "RANGE").ToList();
        if (hash.Count != 1 || r.KeySchema[0].KeyType != "HASH")
            throw DynamoException.Validation(r.KeySchema.Count == 2 && hash.Count == 2
                ? "Invalid KeySchema: Too many hash keys"
                : "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        if (range.Count == 1 && range[0].Name == hash[0].Name)
            throw DynamoException.Validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        if (range.Count > 1)
            throw DynamoException.Validation("Invalid KeySchema: Too many range keys");

        KeyAttribute Resolve(string name) => definitions.FirstOrDefault(d => d.Name == name)
            ?? throw DynamoException.Validation("One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [" + string.Join(", ", r.KeySchema.Select(k => k.Name)) + "], AttributeDefinitions: [" + string.Join(", ", definitions.Select(d => d.Name)) + "]");
        var schema = new KeySchema(Resolve(hash[0].Name), range.Count == 1 ? Resolve(range[0].Name) : null);

        bool hasIndexes = r.LocalIndexes is not null || r.GlobalIndexes is not null;
        if (!hasIndexes && definitions.Count != schema.Attributes.Count())
            throw DynamoException.Validation("One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions");

        var billing = r.BillingMode == "PAY_PER_REQUEST" ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
        long rcu = 0, wcu = 0;
        if (billing == BillingMode.PROVISIONED)
        {
            if (r.ReadCapacityUnits is null || r.WriteCapacityUnits is null)
                throw DynamoException.Validation("One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            rcu = r.ReadCapacityUnits.Value;
            wcu = r.WriteCapacityUnits.Value;
        }
        else if (r.ReadCapacityUnits is not null || r.WriteCapacityUnits is not null)
        {
            throw DynamoException.Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }

        var indexes = hasIndexes ? Indexes.IndexValidation.Define(r.LocalIndexes, r.GlobalIndexes, schema, definitions, billing) : null;
        var table = new TableDefinition(r.TableName, tableId, schema, definitions, billing, rcu, wcu, partitionCount,
            TableStatus.CREATING, now, BillingModeLastUpdate: billing == BillingMode.PAY_PER_REQUEST ? now : null, Indexes: indexes,
            Tags: r.Tags is { Count: > 0 } tags ? TagRules.Merged(null, tags) : null);
        return r.Stream is null ? table : r.Stream.ApplyOnCreate(table, now);
    }

    /// <summary>Applies UpdateTable's billing mode, throughput and stream changes.</summary>
    public static TableDefinition Update(TableDefinition t, string? billingMode, long? rcu, long? wcu, DateTimeOffset now, StreamSpecification? stream = null)
    {
        if (billingMode is null && rcu is null && wcu is null)
        {
            if (stream is null)
                throw DynamoException.Validation("At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
            return stream.ApplyOnUpdate(t, now) with { Status = TableStatus.UPDATING };
        }
        if (stream is not null) t = stream.ApplyOnUpdate(t, now);
        var mode = billingMode switch
        {
            "PAY_PER_REQUEST" => BillingMode.PAY_PER_REQUEST,
            "PROVISIONED" => BillingMode.PROVISIONED,
            _ => t.BillingMode,
        };
        if (mode == BillingMode.PAY_PER_REQUEST)
        {
            if (rcu is not null || wcu is not null)
                throw DynamoException.Validation("One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            return t with
            {
                BillingMode = mode, ReadCapacityUnits = 0, WriteCapacityUnits = 0, Status = TableStatus.UPDATING,
                BillingModeLastUpdate = t.BillingMode == mode ? t.BillingModeLastUpdate : now,
            };
        }
        if (t.BillingMode == BillingMode.PAY_PER_REQUEST && (rcu is null || wcu is null))
            throw DynamoException.Validation("One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        long newRcu = rcu ?? t.ReadCapacityUnits, newWcu = wcu ?? t.WriteCapacityUnits;
        if (t.BillingMode == mode && newRcu == t.ReadCapacityUnits && newWcu == t.WriteCapacityUnits)
            throw DynamoException.Validation($"The provisioned throughput for the table will not change. The requested value equals the current value. Current ReadCapacityUnits provisioned for the table: {t.ReadCapacityUnits}. Requested ReadCapacityUnits: {newRcu}. Current WriteCapacityUnits provisioned for the table: {t.WriteCapacityUnits}. Requested WriteCapacityUnits: {newWcu}. Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
        bool increase = newRcu > t.ReadCapacityUnits || newWcu > t.WriteCapacityUnits;
        bool decrease = newRcu < t.ReadCapacityUnits || newWcu < t.WriteCapacityUnits;
        return t with
        {
            BillingMode = mode, ReadCapacityUnits = newRcu, WriteCapacityUnits = newWcu, Status = TableStatus.UPDATING,
            LastIncreaseDateTime = increase ? now : t.LastIncreaseDateTime,
            LastDecreaseDateTime = decrease ? now : t.LastDecreaseDateTime,
            NumberOfDecreasesToday = decrease ? t.NumberOfDecreasesToday + 1 : t.NumberOfDecreasesToday,
            BillingModeLastUpdate = t.BillingMode == mode ? t.BillingModeLastUpdate : now,
        };
    }
}
