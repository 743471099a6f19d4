using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Model.Backups;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Backups;

/// <summary>ListBackups: the region's backups, oldest first, with its filters and paging.</summary>
public static class ListBackupsOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var listing = new BackupListing(
            ctx.String("TableName") is { } table ? OperationContext.NameFromArn(table) : null,
            ctx.Timestamp("TimeRangeLowerBound"),
            ctx.Timestamp("TimeRangeUpperBound"),
            ctx.String("BackupType") ?? "USER",
            ctx.String("ExclusiveStartBackupArn"),
            (int)(ctx.Long("Limit") ?? ctx.Region.Backups.ListPageSize));
        var listed = await ctx.Region.AskBackups<BackupsListed>(new ListBackups(listing));
        w.WriteStartObject();
        w.WriteStartArray("BackupSummaries");
        foreach (var backup in listed.Page) BackupDescriptionWriter.WriteSummary(w, backup, ctx.Region);
        w.WriteEndArray();
        if (listed.LastEvaluatedArn is { } last) w.WriteString("LastEvaluatedBackupArn", last);
        w.WriteEndObject();
    }
}
