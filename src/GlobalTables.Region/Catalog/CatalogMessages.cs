using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Region.Catalog;

public sealed record CreateTable(CreateTableRequest Request);

public sealed record UpdateTable(string TableName, string? BillingMode, long? ReadCapacityUnits, long? WriteCapacityUnits);

public sealed record DeleteTable(string TableName);

/// <summary>The catalog's answer: the table as it now stands, or DynamoDB's error.</summary>
public sealed record CatalogResult(TableDefinition? Table, DynamoException? Error);

/// <summary>Ends a CREATING or UPDATING transition.</summary>
internal sealed record FinishTransition(string TableName, string TableId);

internal sealed record FinishDeletion(string TableName, string TableId);

/// <summary>Answers once the catalog has recovered; replies an empty <see cref="CatalogResult"/>.</summary>
public sealed record AwaitRecovery
{
    public static readonly AwaitRecovery Instance = new();
}
