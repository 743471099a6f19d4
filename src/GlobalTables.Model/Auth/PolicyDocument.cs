using System.Text.Json;

namespace GlobalTables.Model.Auth;

/// <summary>An identity-based policy: <c>{"Version": "2012-10-17", "Statement": [...]}</c>, parsed once at start-up.</summary>
public sealed class PolicyDocument(IReadOnlyList<PolicyStatement> statements)
{
    public IReadOnlyList<PolicyStatement> Statements { get; } = statements;

    public static PolicyDocument Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Parse(doc.RootElement);
    }

    public static PolicyDocument Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new FormatException("A policy must be an object with a Statement");
        if (!json.TryGetProperty("Statement", out var statement)) throw new FormatException("A policy needs a Statement");
        if (json.TryGetProperty("Version", out var version) && version.GetString() is not ("2012-10-17" or "2008-10-17"))
            throw new FormatException($"Unsupported policy Version '{version.GetString()}'");
        var statements = statement.ValueKind == JsonValueKind.Array
            ? statement.EnumerateArray().Select(PolicyStatement.Parse).ToList()
            : [PolicyStatement.Parse(statement)];
        return new PolicyDocument(statements);
    }
}
