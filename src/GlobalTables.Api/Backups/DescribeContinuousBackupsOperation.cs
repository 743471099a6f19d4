using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Api.Backups;

public static class DescribeContinuousBackupsOperation
{
    public static Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var name = OperationContext.NameFromArn(ctx.TableName);
        var table = ctx.Region.Tables.Find(name);
        if (table is null || table.Status == TableStatus.DELETING) throw new DynamoException(ErrorCode.TableNotFound, $"Table not found: {name}");
        w.WriteStartObject();
        BackupDescriptionWriter.WriteContinuousBackups(w, table, ctx.Region);
        w.WriteEndObject();
        return Task.CompletedTask;
    }
}
