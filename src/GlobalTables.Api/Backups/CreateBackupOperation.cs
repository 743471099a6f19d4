using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Backups;

/// <summary>CreateBackup: answers CREATING at once; the backup is the table as of this moment, and turns AVAILABLE once written.</summary>
public static class CreateBackupOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var result = await ctx.Region.AskBackups<BackupResult>(new CreateBackup(OperationContext.NameFromArn(ctx.TableName), ctx.String("BackupName")!));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        BackupDescriptionWriter.WriteDetails(w, result.Backup!);
        w.WriteEndObject();
    }
}
