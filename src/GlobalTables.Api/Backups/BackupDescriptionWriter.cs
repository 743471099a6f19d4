using System.Text.Json;
using GlobalTables.Api.Tables;
using GlobalTables.Model.Backups;
using GlobalTables.Model.Tables;
using GlobalTables.Region;

namespace GlobalTables.Api.Backups;

/// <summary>Writes DynamoDB's BackupDetails, BackupDescription and BackupSummary shapes.</summary>
public static class BackupDescriptionWriter
{
    static double Seconds(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;

    public static void WriteDetails(Utf8JsonWriter w, Backup b)
    {
        w.WriteStartObject("BackupDetails");
        w.WriteString("BackupArn", b.Arn);
        w.WriteString("BackupName", b.Name);
        if (b.Status != BackupStatus.CREATING) w.WriteNumber("BackupSizeBytes", b.SizeBytes);
        w.WriteString("BackupStatus", b.Status.ToString());
        w.WriteString("BackupType", "USER");
        w.WriteNumber("BackupCreationDateTime", Seconds(b.CreatedAt));
        w.WriteEndObject();
    }

    /// <summary>DescribeBackup's and DeleteBackup's BackupDescription: the backup, and its table as it was.</summary>
    public static void WriteDescription(Utf8JsonWriter w, Backup b, RegionNode region)
    {
        var t = b.Table;
        var tableArn = t.Arn(region.Name, region.AccountId);
        w.WriteStartObject("BackupDescription");
        WriteDetails(w, b);
        w.WriteStartObject("SourceTableDetails");
        w.WriteString("TableName", t.Name);
        w.WriteString("TableId", t.TableId);
        w.WriteString("TableArn", tableArn);
        w.WriteNumber("TableSizeBytes", b.SizeBytes);
        TableDescriptionWriter.WriteKeySchema(w, t.KeySchema);
        w.WriteNumber("TableCreationDateTime", Seconds(t.CreationDateTime));
        w.WriteStartObject("ProvisionedThroughput");
        w.WriteNumber("ReadCapacityUnits", t.ReadCapacityUnits);
        w.WriteNumber("WriteCapacityUnits", t.WriteCapacityUnits);
        w.WriteEndObject();
        w.WriteNumber("ItemCount", b.ItemCount);
        w.WriteString("BillingMode", t.BillingMode.ToString());
        w.WriteEndObject();
        w.WriteStartObject("SourceTableFeatureDetails");
        TableDescriptionWriter.WriteIndexes(w, t, tableArn, null);
        if (t.Stream is { } stream)
        {
            w.WriteStartObject("StreamDescription");
            w.WriteBoolean("StreamEnabled", true);
            w.WriteString("StreamViewType", stream.ViewType);
            w.WriteEndObject();
        }
        if (t.TimeToLive is { Enabled: true } ttl)
        {
            w.WriteStartObject("TimeToLiveDescription");
            w.WriteString("TimeToLiveStatus", ttl.StatusAt(b.CreatedAt).ToString());
            w.WriteString("AttributeName", ttl.AttributeName);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteSummary(Utf8JsonWriter w, Backup b, RegionNode region)
    {
        w.WriteStartObject();
        w.WriteString("TableName", b.Table.Name);
        w.WriteString("TableId", b.Table.TableId);
        w.WriteString("TableArn", b.Table.Arn(region.Name, region.AccountId));
        w.WriteString("BackupArn", b.Arn);
        w.WriteString("BackupName", b.Name);
        w.WriteNumber("BackupCreationDateTime", Seconds(b.CreatedAt));
        w.WriteString("BackupStatus", b.Status.ToString());
        w.WriteString("BackupType", "USER");
        if (b.Status != BackupStatus.CREATING) w.WriteNumber("BackupSizeBytes", b.SizeBytes);
        w.WriteEndObject();
    }

    /// <summary>UpdateContinuousBackups' and DescribeContinuousBackups' ContinuousBackupsDescription.</summary>
    public static void WriteContinuousBackups(Utf8JsonWriter w, TableDefinition t, RegionNode region)
    {
        var now = region.Time.GetUtcNow();
        w.WriteStartObject("ContinuousBackupsDescription");
        // Every table here can be backed up on demand.
        w.WriteString("ContinuousBackupsStatus", "ENABLED");
        w.WriteStartObject("PointInTimeRecoveryDescription");
        if (t.PointInTimeRecovery is { Enabled: true } recovery)
        {
            w.WriteString("PointInTimeRecoveryStatus", "ENABLED");
            w.WriteNumber("RecoveryPeriodInDays", recovery.RecoveryPeriodInDays);
            w.WriteNumber("EarliestRestorableDateTime", Seconds(recovery.EarliestRestorable(now)));
            w.WriteNumber("LatestRestorableDateTime", Seconds(PointInTimeRecovery.LatestRestorable(now, region.Backups.LatestRestorableLag)));
        }
        else w.WriteString("PointInTimeRecoveryStatus", "DISABLED");
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
