using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;

namespace GlobalTables.Api.Items;

/// <summary>
/// Reads the legacy parameters old SDK code still sends and hands them to Model's
/// <see cref="LegacyParameters"/>, which builds the same trees as the expressions. Each returns null
/// when its parameter is absent or empty.
/// </summary>
public static class LegacyRequest
{
    public static ConditionExpression? Expected(OperationContext ctx)
    {
        if (ctx.Member("Expected") is not { } expected) return CheckLoneConditionalOperator(ctx);
        var entries = expected.EnumerateObject().Select(p => new LegacyExpected(
            p.Name,
            Value(p.Value, "Value"),
            p.Value.TryGetProperty("Exists", out var exists) && exists.ValueKind is JsonValueKind.True or JsonValueKind.False ? exists.GetBoolean() : null,
            String(p.Value, "ComparisonOperator"),
            p.Value.TryGetProperty("AttributeValueList", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(AttributeValueJson.Read).ToList() : null)).ToList();
        return entries.Count == 0 ? null : LegacyParameters.Expected(entries, ctx.String("ConditionalOperator"));
    }

    /// <summary>QueryFilter or ScanFilter.</summary>
    public static ConditionExpression? Filter(OperationContext ctx, string member)
    {
        if (ctx.Member(member) is not { } filter) return CheckLoneConditionalOperator(ctx);
        var conditions = Conditions(filter);
        return conditions.Count == 0 ? null : LegacyParameters.Filter(conditions, ctx.String("ConditionalOperator"));
    }

    public static KeyConditionExpression? KeyConditions(OperationContext ctx) =>
        ctx.Member("KeyConditions") is { } keys ? LegacyParameters.KeyConditions(Conditions(keys)) : null;

    public static ProjectionExpression? AttributesToGet(OperationContext ctx) =>
        ctx.Member("AttributesToGet") is { } names ? LegacyParameters.AttributesToGet(names.EnumerateArray().Select(n => n.GetString()!).ToList()) : null;

    public static UpdateExpression? AttributeUpdates(OperationContext ctx)
    {
        if (ctx.Member("AttributeUpdates") is not { } updates) return null;
        var entries = updates.EnumerateObject().Select(p => new LegacyAttributeUpdate(p.Name, String(p.Value, "Action"), Value(p.Value, "Value"))).ToList();
        return entries.Count == 0 ? null : LegacyParameters.AttributeUpdates(entries);
    }

    static ConditionExpression? CheckLoneConditionalOperator(OperationContext ctx)
    {
        if (ctx.Has("ConditionalOperator") && !ctx.Has("Expected") && !ctx.Has("QueryFilter") && !ctx.Has("ScanFilter"))
            LegacyParameters.Filter([], ctx.String("ConditionalOperator"));
        return null;
    }

    static List<LegacyCondition> Conditions(JsonElement map) => map.EnumerateObject().Select(p => new LegacyCondition(
        p.Name,
        String(p.Value, "ComparisonOperator")!,
        p.Value.TryGetProperty("AttributeValueList", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(AttributeValueJson.Read).ToList() : [])).ToList();

    static AttributeValue? Value(JsonElement entry, string member) =>
        entry.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.Object ? AttributeValueJson.Read(v) : null;

    static string? String(JsonElement entry, string member) =>
        entry.TryGetProperty(member, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
