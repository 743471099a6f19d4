using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Api.Tables;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Backups;

/// <summary>RestoreTableFromBackup: a new table, CREATING until the backup's items are in it.</summary>
public static class RestoreTableFromBackupOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var result = await ctx.Region.AskCatalog(new RestoreTableFromBackup(ctx.String("TargetTableName")!, ctx.String("BackupArn")!,
            RestoreOverridesReader.From(ctx)));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        TableDescriptionWriter.Write(w, "TableDescription", result.Table!, ctx.Region, 0, 0);
        w.WriteEndObject();
    }
}
