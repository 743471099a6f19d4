using GlobalTables.Model.Attributes;

namespace GlobalTables.Model.Tables;

/// <summary>One key attribute: its name and scalar type (S, N or B).</summary>
public sealed record KeyAttribute(string Name, AttributeType Type)
{
    /// <summary>An AttributeDefinition of a request, the <paramref name="position"/>th (from 1), as DynamoDB checks it.</summary>
    public static KeyAttribute Define(string name, string type, int position) => new(name, type switch
    {
        "S" => AttributeType.S,
        "N" => AttributeType.N,
        "B" => AttributeType.B,
        _ => throw Validation.DynamoException.Validation($"1 validation error detected: Value '{type}' at 'attributeDefinitions.{position}.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
    });
}
