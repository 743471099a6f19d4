using System.Text.Json;
using GlobalTables.Api.Protocol;
using GlobalTables.Region.Catalog;

namespace GlobalTables.Api.Backups;

/// <summary>UpdateContinuousBackups: turns point-in-time recovery on or off, and sets its recovery period.</summary>
public static class UpdateContinuousBackupsOperation
{
    public static async Task HandleAsync(OperationContext ctx, Utf8JsonWriter w)
    {
        var specification = ctx.Member("PointInTimeRecoverySpecification")!.Value;
        int? period = specification.TryGetProperty("RecoveryPeriodInDays", out var days) && days.ValueKind == JsonValueKind.Number ? days.GetInt32() : null;
        var result = await ctx.Region.AskCatalog(new UpdateContinuousBackups(OperationContext.NameFromArn(ctx.TableName),
            specification.GetProperty("PointInTimeRecoveryEnabled").GetBoolean(), period));
        if (result.Error is not null) throw result.Error;
        w.WriteStartObject();
        BackupDescriptionWriter.WriteContinuousBackups(w, result.Table!, ctx.Region);
        w.WriteEndObject();
    }
}
