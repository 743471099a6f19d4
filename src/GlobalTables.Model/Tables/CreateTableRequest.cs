namespace GlobalTables.Model.Tables;

/// <summary>The parts of a CreateTable request that the catalog needs, already shape-checked.</summary>
public sealed record CreateTableRequest(
    string TableName,
    IReadOnlyList<(string Name, string Type)> AttributeDefinitions,
    IReadOnlyList<(string Name, string KeyType)> KeySchema,
    string? BillingMode,
    long? ReadCapacityUnits,
    long? WriteCapacityUnits,
    IReadOnlyList<Indexes.SecondaryIndexRequest>? LocalIndexes,
    IReadOnlyList<Indexes.SecondaryIndexRequest>? GlobalIndexes,
    Streams.StreamSpecification? Stream = null,
    IReadOnlyList<TableTag>? Tags = null);
