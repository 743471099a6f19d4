using System.Text.Json;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region;

namespace GlobalTables.Api.Protocol;

/// <summary>One request on its way through an operation: the region it reached and its parsed body.</summary>
public sealed class OperationContext(RegionNode region, JsonElement body, string requestId)
{
    public RegionNode Region { get; } = region;
    public JsonElement Body { get; } = body;
    public string RequestId { get; } = requestId;

    public bool Has(string member) => Body.TryGetProperty(member, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement? Member(string member) =>
        Body.TryGetProperty(member, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public string? String(string member) => Member(member)?.GetString();

    public long? Long(string member) => Member(member)?.GetInt64();

    public bool Bool(string member) => Member(member) is { } v && v.GetBoolean();

    /// <summary>
    /// A timestamp member: epoch seconds as the SDKs send it, or a string of them or of an ISO 8601 time. One that names
    /// no time DynamoDB can hold is its SerializationException, as a value of the wrong type is.
    /// </summary>
    public DateTimeOffset? Timestamp(string member)
    {
        if (Member(member) is not { } v) return null;
        double? seconds = v.ValueKind == JsonValueKind.Number ? v.GetDouble()
            : double.TryParse(v.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        if (seconds is { } s && Math.Abs(s) < 253_402_300_799) return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000));
        if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at)) return at;
        throw DynamoException.Serialization($"{(v.ValueKind == JsonValueKind.Number ? "NUMBER" : "STRING")}_VALUE cannot be converted to Timestamp");
    }

    public string TableName => String("TableName")!;

    /// <summary>The table the request names, which must exist and be ACTIVE or UPDATING for item operations.</summary>
    public TableDefinition ActiveTable()
    {
        var name = NameFromArn(TableName);
        var table = Region.Tables.Find(name);
        if (table is null || table.Status is TableStatus.CREATING or TableStatus.DELETING)
            throw DynamoException.ResourceNotFound();
        return table;
    }

    /// <summary>The table by name in any status, for table operations.</summary>
    public TableDefinition AnyTable() =>
        Region.Tables.Find(NameFromArn(TableName))
        ?? throw DynamoException.ResourceNotFound($"Requested resource not found: Table: {NameFromArn(TableName)} not found");

    /// <summary>TableName may be an ARN; its last segment is the name.</summary>
    public static string NameFromArn(string name)
    {
        if (!name.StartsWith("arn:", StringComparison.Ordinal)) return name;
        int slash = name.LastIndexOf("table/", StringComparison.Ordinal);
        return slash < 0 ? name : name[(slash + "table/".Length)..];
    }

    public Dictionary<string, AttributeValue>? Item(string member) =>
        Member(member) is { } v ? AttributeValueJson.ReadItem(v) : null;
}
