using GlobalTables.Api.Protocol;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Expressions;
using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Items;

/// <summary>The parts every single-item request shares: expression attributes, the condition, ReturnValues.</summary>
public static class ItemRequest
{
    static readonly string[] ExpressionMembers = ["ConditionExpression", "UpdateExpression", "ProjectionExpression", "KeyConditionExpression", "FilterExpression"];
    static readonly string[] LegacyMembers = ["Expected", "AttributeUpdates", "AttributesToGet", "ConditionalOperator", "KeyConditions", "QueryFilter", "ScanFilter"];

    public static ExpressionAttributes Attributes(OperationContext ctx)
    {
        var expressions = Present(ctx, ExpressionMembers);
        var legacy = Present(ctx, LegacyMembers);
        if (expressions.Count > 0 && legacy.Count > 0)
            throw DynamoException.Validation(
                $"Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {{{string.Join(", ", legacy)}}} Expression parameters: {{{string.Join(", ", expressions)}}}");

        Dictionary<string, string>? names = null;
        if (ctx.Member("ExpressionAttributeNames") is { } n)
        {
            if (expressions.Count == 0) throw DynamoException.Validation("ExpressionAttributeNames can only be specified when using expressions");
            names = n.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            if (names.Count == 0) throw DynamoException.Validation("ExpressionAttributeNames must not be empty");
            ExpressionAttributes.CheckNames(names);
        }
        Dictionary<string, AttributeValue>? values = null;
        if (ctx.Member("ExpressionAttributeValues") is { } v)
        {
            if (expressions.Count == 0) throw DynamoException.Validation("ExpressionAttributeValues can only be specified when using expressions");
            values = AttributeValueJson.ReadItem(v);
            if (values.Count == 0) throw DynamoException.Validation("ExpressionAttributeValues must not be empty");
            ExpressionAttributes.CheckValues(values);
        }
        return new ExpressionAttributes(names, values);
    }

    /// <summary>The members of <paramref name="names"/> the request has; every item request asks, so it allocates only for what it finds.</summary>
    static IReadOnlyList<string> Present(OperationContext ctx, string[] names)
    {
        List<string>? present = null;
        foreach (var name in names)
            if (ctx.Has(name)) (present ??= []).Add(name);
        return present ?? (IReadOnlyList<string>)[];
    }

    public static ConditionExpression? Condition(OperationContext ctx, ExpressionAttributes attributes) =>
        ctx.String("ConditionExpression") is { } text ? ExpressionParser.ParseCondition(text, attributes) : LegacyRequest.Expected(ctx);

    public static ProjectionExpression? Projection(OperationContext ctx, ExpressionAttributes attributes) =>
        ctx.String("ProjectionExpression") is { } text ? ExpressionParser.ParseProjection(text, attributes) : LegacyRequest.AttributesToGet(ctx);

    /// <summary>ReturnValues, limited to what the operation accepts.</summary>
    public static ReturnValue ReturnValues(OperationContext ctx, bool updateItem)
    {
        var text = ctx.String("ReturnValues");
        if (text is null) return ReturnValue.NONE;
        var value = Enum.Parse<ReturnValue>(text);
        if (!updateItem && value is not (ReturnValue.NONE or ReturnValue.ALL_OLD))
            throw DynamoException.Validation("ReturnValues can only be ALL_OLD or NONE");
        return value;
    }

    public static bool ReturnItemOnConditionFailure(OperationContext ctx) =>
        ctx.String("ReturnValuesOnConditionCheckFailure") == "ALL_OLD";

    /// <summary>The answer to a write made: Attributes, ConsumedCapacity and ItemCollectionMetrics, as asked for.</summary>
    public static void WriteResponse(System.Text.Json.Utf8JsonWriter w, OperationContext ctx, TableDefinition table, WriteDecision decision)
    {
        w.WriteStartObject();
        w.WriteItemMember("Attributes", decision.Attributes);
        w.WriteConsumedCapacity(ctx, decision.Consumed(table.Name), write: true);
        w.WriteItemCollectionMetrics(ctx, table, decision.Collection);
        w.WriteEndObject();
    }
}
