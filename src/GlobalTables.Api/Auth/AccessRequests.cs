using System.Text.Json;
using GlobalTables.Api.Items;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Attributes;
using GlobalTables.Model.Auth;
using GlobalTables.Model.Expressions;

namespace GlobalTables.Api.Auth;

/// <summary>
/// What a DynamoDB request asks IAM for: one action on one resource ARN per table (batches) or per item
/// (transactions), with the condition keys <c>dynamodb:LeadingKeys</c>, <c>dynamodb:Attributes</c>,
/// <c>dynamodb:Select</c> and <c>dynamodb:ReturnValues</c>. A key is computed only when one of the
/// principal's policies has a condition on it.
/// </summary>
public static class AccessRequests
{
    public const string LeadingKeys = "dynamodb:LeadingKeys";
    public const string Attributes = "dynamodb:Attributes";
    public const string Select = "dynamodb:Select";
    public const string ReturnValues = "dynamodb:ReturnValues";

    /// <summary>How an item-level action touches attributes, for dynamodb:Attributes.</summary>
    enum ItemAccess { Read, Put, Update, Delete }

    public static List<AuthorizationRequest> For(string operation, OperationContext ctx, IamPrincipal principal)
    {
        var requests = new List<AuthorizationRequest>(1);
        var action = "dynamodb:" + operation;
        switch (operation)
        {
            case "GetItem": requests.Add(Item(action, ctx, ctx, principal, ItemAccess.Read, returnValues: false)); break;
            case "PutItem": requests.Add(Item(action, ctx, ctx, principal, ItemAccess.Put, returnValues: true)); break;
            case "UpdateItem": requests.Add(Item(action, ctx, ctx, principal, ItemAccess.Update, returnValues: true)); break;
            case "DeleteItem": requests.Add(Item(action, ctx, ctx, principal, ItemAccess.Delete, returnValues: true)); break;
            case "Query": case "Scan": requests.Add(Read(action, ctx, principal, operation == "Query")); break;
            case "BatchGetItem": BatchGet(action, ctx, principal, requests); break;
            case "BatchWriteItem": BatchWrite(action, ctx, principal, requests); break;
            case "TransactGetItems": case "TransactWriteItems": Transaction(ctx, principal, requests); break;
            case "ListTables": requests.Add(new(action, $"{Prefix(ctx)}table/*", Context(ctx, principal))); break;
            case "DescribeLimits": requests.Add(new(action, $"{Prefix(ctx)}*", Context(ctx, principal))); break;
            case "DescribeEndpoints": requests.Add(new(action, "*", Context(ctx, principal))); break;
            case "ListStreams": requests.Add(new(action, $"{Prefix(ctx)}table/*/stream/*", Context(ctx, principal))); break;
            // GetRecords names its stream only inside the iterator.
            case "GetRecords":
                requests.Add(new(action, Model.Streams.ShardIterator.TryDecode(ctx.String("ShardIterator") ?? "")?.StreamArn ?? $"{Prefix(ctx)}table/*/stream/*",
                    Context(ctx, principal)));
                break;
            case "UpdateTable":
                requests.Add(new(action, TableArn(ctx, ctx.TableName), Context(ctx, principal)));
                if (ctx.Member("ReplicaUpdates") is { ValueKind: JsonValueKind.Array } updates)
                    foreach (var update in updates.EnumerateArray())
                    {
                        if (Member(update, "Create") is not null) requests.Add(new("dynamodb:CreateTableReplica", TableArn(ctx, ctx.TableName), Context(ctx, principal)));
                        if (Member(update, "Delete") is not null) requests.Add(new("dynamodb:DeleteTableReplica", TableArn(ctx, ctx.TableName), Context(ctx, principal)));
                    }
                break;
            default: requests.Add(new(action, ResourceOf(ctx), Context(ctx, principal))); break;
        }
        return requests;
    }

    static string Prefix(OperationContext ctx) => $"arn:aws:dynamodb:{ctx.Region.Name}:{ctx.Region.AccountId}:";

    static string TableArn(OperationContext ctx, string tableName) => $"{Prefix(ctx)}table/{OperationContext.NameFromArn(tableName)}";

    /// <summary>Any other operation: its stream or table ARN, or the region's resources.</summary>
    static string ResourceOf(OperationContext ctx) =>
        ctx.String("StreamArn") ?? ctx.String("ResourceArn") ?? (ctx.String("TableName") is { } table ? TableArn(ctx, table) : $"{Prefix(ctx)}*");

    static ConditionContext Context(OperationContext ctx, IamPrincipal principal) =>
        new ConditionContext(principal.Keys).Set("aws:RequestedRegion", ctx.Region.Name);

    /// <summary>GetItem, PutItem, UpdateItem, DeleteItem, or one item of a transaction, whose members are in <paramref name="item"/>.</summary>
    static AuthorizationRequest Item(string action, OperationContext ctx, OperationContext item, IamPrincipal principal, ItemAccess access, bool returnValues)
    {
        var table = item.TableName;
        var context = Context(ctx, principal);
        var member = access == ItemAccess.Put ? "Item" : "Key";
        if (principal.UsesConditionKey(LeadingKeys) && item.Member(member) is { } key && PartitionKeyOf(ctx, table, key) is { } leading)
            context.Set(LeadingKeys, leading);
        if (principal.UsesConditionKey(Attributes) && AttributesOf(item, access) is { } names)
            context.Set(Attributes, names);
        if (access == ItemAccess.Read && principal.UsesConditionKey(Select)) context.Set(Select, SelectOfRead(item));
        if (returnValues) context.Set(ReturnValues, item.String("ReturnValues") ?? "NONE");
        return new AuthorizationRequest(action, TableArn(ctx, table), context);
    }

    static AuthorizationRequest Read(string action, OperationContext ctx, IamPrincipal principal, bool query)
    {
        var context = Context(ctx, principal);
        var index = ctx.String("IndexName");
        var resource = TableArn(ctx, ctx.TableName) + (index is null ? "" : "/index/" + index);
        var attributes = principal.UsesConditionKey(Attributes) || principal.UsesConditionKey(Select) ? ItemRequest.Attributes(ctx) : null;
        if (query && principal.UsesConditionKey(LeadingKeys) && QueryPartitionKey(ctx, attributes ?? ItemRequest.Attributes(ctx), index) is { } leading)
            context.Set(LeadingKeys, leading);
        if (attributes is not null)
        {
            var projection = ItemRequest.Projection(ctx, attributes);
            if (projection is not null) context.Set(Attributes, projection.TopLevelAttributes);
            context.Set(Select, ctx.String("Select")
                ?? (projection is not null ? "SPECIFIC_ATTRIBUTES" : index is not null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES"));
        }
        return new AuthorizationRequest(action, resource, context);
    }

    static void BatchGet(string action, OperationContext ctx, IamPrincipal principal, List<AuthorizationRequest> requests)
    {
        if (ctx.Member("RequestItems") is not { ValueKind: JsonValueKind.Object } items) return;
        foreach (var table in items.EnumerateObject())
        {
            var context = Context(ctx, principal);
            if (principal.UsesConditionKey(LeadingKeys) && table.Value.TryGetProperty("Keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
                context.Set(LeadingKeys, keys.EnumerateArray().Select(k => PartitionKeyOf(ctx, table.Name, k)).OfType<string>().Distinct().ToList());
            if (principal.UsesConditionKey(Attributes))
            {
                var entry = new OperationContext(ctx.Region, table.Value, ctx.RequestId);
                if (ItemRequest.Projection(entry, ItemRequest.Attributes(entry)) is { } projection) context.Set(Attributes, projection.TopLevelAttributes);
            }
            if (principal.UsesConditionKey(Select)) context.Set(Select, SelectOfRead(new OperationContext(ctx.Region, table.Value, ctx.RequestId)));
            requests.Add(new AuthorizationRequest(action, TableArn(ctx, table.Name), context));
        }
    }

    /// <summary>
    /// GetItem has no Select parameter; it reads what Query's Select would name, so a policy that asks for
    /// SPECIFIC_ATTRIBUTES cannot be sidestepped by a GetItem without a projection.
    /// </summary>
    static string SelectOfRead(OperationContext item) =>
        item.Has("ProjectionExpression") || item.Has("AttributesToGet") ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES";

    static void BatchWrite(string action, OperationContext ctx, IamPrincipal principal, List<AuthorizationRequest> requests)
    {
        if (ctx.Member("RequestItems") is not { ValueKind: JsonValueKind.Object } items) return;
        foreach (var table in items.EnumerateObject())
        {
            var leading = new List<string>();
            var names = new List<string>();
            if (table.Value.ValueKind == JsonValueKind.Array)
                foreach (var write in table.Value.EnumerateArray())
                {
                    // PutRequest or DeleteRequest may be null or missing here; the operation reports that after authorization.
                    var written = Member(write, "PutRequest") is { } put ? Member(put, "Item")
                        : Member(write, "DeleteRequest") is { } delete ? Member(delete, "Key") : null;
                    if (written is not { ValueKind: JsonValueKind.Object } image) continue;
                    if (PartitionKeyOf(ctx, table.Name, image) is { } key && !leading.Contains(key)) leading.Add(key);
                    foreach (var attribute in image.EnumerateObject())
                        if (!names.Contains(attribute.Name)) names.Add(attribute.Name);
                }
            var context = Context(ctx, principal);
            if (principal.UsesConditionKey(LeadingKeys)) context.Set(LeadingKeys, leading);
            if (principal.UsesConditionKey(Attributes)) context.Set(Attributes, names);
            requests.Add(new AuthorizationRequest(action, TableArn(ctx, table.Name), context));
        }
    }

    /// <summary>A transaction needs the item action for each of its items: GetItem, PutItem, UpdateItem, DeleteItem, ConditionCheckItem.</summary>
    static void Transaction(OperationContext ctx, IamPrincipal principal, List<AuthorizationRequest> requests)
    {
        if (ctx.Member("TransactItems") is not { ValueKind: JsonValueKind.Array } items) return;
        foreach (var entry in items.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object) continue;
            foreach (var kind in entry.EnumerateObject())
            {
                if (kind.Value.ValueKind != JsonValueKind.Object || !kind.Value.TryGetProperty("TableName", out _)) continue;
                var item = new OperationContext(ctx.Region, kind.Value, ctx.RequestId);
                var (action, access) = kind.Name switch
                {
                    "Get" => ("dynamodb:GetItem", ItemAccess.Read),
                    "Put" => ("dynamodb:PutItem", ItemAccess.Put),
                    "Update" => ("dynamodb:UpdateItem", ItemAccess.Update),
                    "Delete" => ("dynamodb:DeleteItem", ItemAccess.Delete),
                    "ConditionCheck" => ("dynamodb:ConditionCheckItem", ItemAccess.Delete),
                    _ => ("dynamodb:" + kind.Name, ItemAccess.Read),
                };
                requests.Add(Item(action, ctx, item, principal, access, returnValues: false));
            }
        }
    }

    /// <summary>An object's member when it has one that is not null.</summary>
    static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The partition key's value in an item or key, as text; null when the table or the attribute is unknown.</summary>
    static string? PartitionKeyOf(OperationContext ctx, string tableName, JsonElement itemOrKey)
    {
        var table = ctx.Region.Tables.Find(OperationContext.NameFromArn(tableName));
        if (table is null || itemOrKey.ValueKind != JsonValueKind.Object) return null;
        if (!itemOrKey.TryGetProperty(table.KeySchema.PartitionKey.Name, out var value) || value.ValueKind != JsonValueKind.Object) return null;
        foreach (var typed in value.EnumerateObject())
            return typed.Value.ValueKind == JsonValueKind.String ? typed.Value.GetString() : typed.Value.GetRawText();
        return null;
    }

    static string? QueryPartitionKey(OperationContext ctx, ExpressionAttributes attributes, string? index)
    {
        var condition = ctx.String("KeyConditionExpression") is { } text
            ? ExpressionParser.ParseKeyCondition(text, attributes)
            : LegacyRequest.KeyConditions(ctx);
        if (condition is null) return null;
        var table = ctx.Region.Tables.Find(OperationContext.NameFromArn(ctx.TableName));
        if (index is null && table is not null) condition = condition.ForKeySchema(table.KeySchema.PartitionKey.Name, table.KeySchema.SortKey?.Name);
        return Text(condition.PartitionKeyValue);
    }

    static string? Text(AttributeValue value) => value.Type switch
    {
        AttributeType.S => value.S,
        AttributeType.N => value.N.ToString(),
        AttributeType.B => Convert.ToBase64String(value.B),
        _ => null,
    };

    static IReadOnlyList<string>? AttributesOf(OperationContext item, ItemAccess access)
    {
        switch (access)
        {
            case ItemAccess.Read:
                return ItemRequest.Projection(item, ItemRequest.Attributes(item))?.TopLevelAttributes;
            case ItemAccess.Put:
                return item.Member("Item") is { ValueKind: JsonValueKind.Object } image ? [.. image.EnumerateObject().Select(p => p.Name)] : null;
            case ItemAccess.Update:
                var names = item.Member("Key") is { ValueKind: JsonValueKind.Object } key ? key.EnumerateObject().Select(p => p.Name).ToList() : [];
                var update = item.String("UpdateExpression") is { } text
                    ? ExpressionParser.ParseUpdate(text, ItemRequest.Attributes(item))
                    : LegacyRequest.AttributeUpdates(item);
                if (update is not null) names.AddRange(update.TopLevelAttributes.Where(n => !names.Contains(n)));
                return names;
            default:
                return item.Member("Key") is { ValueKind: JsonValueKind.Object } k ? [.. k.EnumerateObject().Select(p => p.Name)] : null;
        }
    }
}
