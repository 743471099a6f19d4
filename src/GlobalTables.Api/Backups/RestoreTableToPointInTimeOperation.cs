using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Api.Tables;
using GlobalTables.Model.Validation;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Backups;

/// <summary>RestoreTableToPointInTime: a new table, CREATING until the source's items as of the time are in it.</summary>
public static class RestoreTableToPointInTimeOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var source = ctx.String("SourceTableName") ?? (ctx.String("SourceTableArn") is { } arn ? OperationContext.NameFromArn(arn) : null)
            ?? throw DynamoException.Validation("Either SourceTableArn or SourceTableName must be specified");
        var at = ctx.Timestamp("RestoreDateTime");
        bool latest = ctx.Bool("UseLatestRestorableTime");
        if (at is not null && latest)
            throw DynamoException.Validation("Only one of RestoreDateTime or UseLatestRestorableTime can be specified");
        if (at is null && !latest)
            throw DynamoException.Validation("Either RestoreDateTime or UseLatestRestorableTime must be specified");
        var result = await ctx.Region.AskCatalog(new RestoreTableToPointInTime(source, ctx.String("TargetTableName")!, at, RestoreOverridesReader.From(ctx)));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, 0, 0);
        w.WriteEndObject();
    }
}
