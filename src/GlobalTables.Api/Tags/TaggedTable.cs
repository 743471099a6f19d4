using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Tags;

/// <summary>The table a tagging request's ResourceArn names in this region, or DynamoDB's error for it.</summary>
public static class TaggedTable
{
    /// <summary>The ARN, checked: null or malformed is a ValidationException.</summary>
    public static (string Arn, string? Name) Named(OperationContext ctx)
    {
        var arn = ctx.String("ResourceArn");
        return (arn!, TableArn.TableIn(arn, ctx.Region.Name, ctx.Region.AccountId));
    }

    /// <summary>The table as this node's directory holds it; <paramref name="notFound"/> is the operation's own message.</summary>
    public static TableDefinition Find(OperationContext ctx, string? name, string notFound) =>
        (name is null ? null : ctx.Region.Tables.Find(name)) is { Status: not TableStatus.DELETING } table
            ? table
            : throw DynamoException.ResourceNotFound(notFound);

    public static string NotFound(string arn) => $"Requested resource not found: ResourcArn: {arn} not found";
}
