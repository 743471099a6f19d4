using GlobalTables.Api.Protocol;
using GlobalTables.Model.Streams;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Streams;

/// <summary>Finds the table and stream a StreamArn names, in the region the request reached.</summary>
public static class StreamLookup
{
    public static (TableDefinition Table, TableStream Stream) Find(OperationContext ctx, string arn)
    {
        var notFound = DynamoException.ResourceNotFound($"Requested resource not found: Stream: {arn} not found");
        if (StreamArn.TryParse(arn) is not { } parsed || parsed.Region != ctx.Region.Name || parsed.Account != ctx.Region.AccountId) throw notFound;
        var table = ctx.Region.Tables.Find(parsed.Table) ?? throw notFound;
        var stream = table.Streams.FirstOrDefault(s => s.Label == parsed.Label);
        if (stream is null || !ctx.Region.Streams.Layout.IsListed(stream, ctx.Region.Streams.Now)) throw notFound;
        return (table, stream);
    }

    public static string ArnOf(OperationContext ctx, TableDefinition table, TableStream stream) =>
        stream.Arn(table.Arn(ctx.Region.Name, ctx.Region.AccountId));

    /// <summary>Limit's upper bound, which botocore's model leaves out, with DynamoDB's message.</summary>
    public static int LimitOf(OperationContext ctx, int max)
    {
        var limit = ctx.Long("Limit") ?? max;
        if (limit > max)
            throw DynamoException.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to {max}");
        return (int)limit;
    }
}
