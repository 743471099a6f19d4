using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Backups;

public static class DescribeBackupOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var result = await ctx.Region.AskBackups<BackupResult>(new DescribeBackup(ctx.String("BackupArn")!));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        BackupDescriptionWriter.WriteDescription(w, result.Backup!, ctx.Region);
        w.WriteEndObject();
    }
}
