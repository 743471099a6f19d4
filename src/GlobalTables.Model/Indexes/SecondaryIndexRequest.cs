namespace GlobalTables.Model.Indexes;

/// <summary>One index of a CreateTable request (or a GSI to create in UpdateTable), shape-checked and not yet validated.</summary>
public sealed record SecondaryIndexRequest(
    string Name,
    IReadOnlyList<(string Name, string KeyType)> KeySchema,
    string? ProjectionType,
    IReadOnlyList<string>? NonKeyAttributes,
    long? ReadCapacityUnits = null,
    long? WriteCapacityUnits = null);
