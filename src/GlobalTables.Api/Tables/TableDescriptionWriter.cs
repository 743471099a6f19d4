using System.Text.Json;
using GlobalTables.Model.Tables;
using GlobalTables.Region;
using GlobalTables.Region.Partitions;

namespace GlobalTables.Api.Tables;

/// <summary>Writes a TableDescription as DynamoDB shapes it.</summary>
public static class TableDescriptionWriter
{
    /// <param name="indexes">Each index's ItemCount and IndexSizeBytes; zero for an index not in it.</param>
    public static void Write(Utf8JsonWriter w, string property, TableDefinition t, RegionNode region, long itemCount, long sizeBytes,
        IReadOnlyDictionary<string, IndexStats>? indexes = null)
    {
        w.WriteStartObject(property);
        w.WriteStartArray("AttributeDefinitions");
        foreach (var a in t.AttributeDefinitions)
        {
            w.WriteStartObject();
            w.WriteString("AttributeName", a.Name);
            w.WriteString("AttributeType", a.Type.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("TableName", t.Name);
        WriteKeySchema(w, t.KeySchema);
        w.WriteString("TableStatus", t.Status.ToString());
        w.WriteNumber("CreationDateTime", t.CreationDateTime.ToUnixTimeMilliseconds() / 1000.0);
        w.WriteStartObject("ProvisionedThroughput");
        if (t.LastIncreaseDateTime is { } inc) w.WriteNumber("LastIncreaseDateTime", inc.ToUnixTimeMilliseconds() / 1000.0);
        if (t.LastDecreaseDateTime is { } dec) w.WriteNumber("LastDecreaseDateTime", dec.ToUnixTimeMilliseconds() / 1000.0);
        w.WriteNumber("NumberOfDecreasesToday", t.NumberOfDecreasesToday);
        w.WriteNumber("ReadCapacityUnits", t.ReadCapacityUnits);
        w.WriteNumber("WriteCapacityUnits", t.WriteCapacityUnits);
        w.WriteEndObject();
        w.WriteNumber("TableSizeBytes", sizeBytes);
        w.WriteNumber("ItemCount", itemCount);
        w.WriteString("TableArn", t.Arn(region.Name, region.AccountId));
        WriteIndexes(w, t, t.Arn(region.Name, region.AccountId), indexes);
        w.WriteString("TableId", t.TableId);
        if (t.BillingMode == BillingMode.PAY_PER_REQUEST || t.BillingModeLastUpdate is not null)
        {
            w.WriteStartObject("BillingModeSummary");
            w.WriteString("BillingMode", t.BillingMode.ToString());
            if (t.BillingModeLastUpdate is { } u) w.WriteNumber("LastUpdateToPayPerRequestDateTime", u.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteEndObject();
        }
        if (t.Stream is { } stream)
        {
            w.WriteStartObject("StreamSpecification");
            w.WriteBoolean("StreamEnabled", true);
            w.WriteString("StreamViewType", stream.ViewType);
            w.WriteEndObject();
        }
        // A disabled stream's ARN and label stay until another is enabled, as in DynamoDB.
        if (t.Streams.LastOrDefault() is { } latest)
        {
            w.WriteString("LatestStreamLabel", latest.Label);
            w.WriteString("LatestStreamArn", latest.Arn(t.Arn(region.Name, region.AccountId)));
        }
        if (t.IsGlobal)
        {
            w.WriteString("GlobalTableVersion", TableDefinition.GlobalTableVersion);
            w.WriteStartArray("Replicas");
            foreach (var r in t.Replicas!)
            {
                w.WriteStartObject();
                w.WriteString("RegionName", r.RegionName);
                w.WriteString("ReplicaStatus", r.Status.ToString());
                if (r.Status == ReplicaStatus.CREATING && r.PercentProgress is { } percent)
                    w.WriteString("ReplicaStatusPercentProgress", percent.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (t.Restore is { } restore)
        {
            w.WriteStartObject("RestoreSummary");
            if (restore.SourceBackupArn is { } backup) w.WriteString("SourceBackupArn", backup);
            w.WriteString("SourceTableArn", restore.SourceTableArn);
            w.WriteNumber("RestoreDateTime", restore.RestoreDateTime.ToUnixTimeMilliseconds() / 1000.0);
            w.WriteBoolean("RestoreInProgress", restore.RestoreInProgress);
            w.WriteEndObject();
        }
        w.WriteBoolean("DeletionProtectionEnabled", false);
        w.WriteEndObject();
    }

    internal static void WriteIndexes(Utf8JsonWriter w, TableDefinition t, string tableArn, IReadOnlyDictionary<string, IndexStats>? stats)
    {
        foreach (bool global in new[] { false, true })
        {
            var indexes = t.SecondaryIndexes.Where(i => i.IsGlobal == global).ToList();
            if (indexes.Count == 0) continue;
            w.WriteStartArray(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
            foreach (var index in indexes)
            {
                var counted = stats?.GetValueOrDefault(index.Name);
                w.WriteStartObject();
                w.WriteString("IndexName", index.Name);
                WriteKeySchema(w, index.KeySchema);
                w.WriteStartObject("Projection");
                w.WriteString("ProjectionType", index.Projection.Type.ToString());
                if (index.Projection.NonKeyAttributes is { } names)
                {
                    w.WriteStartArray("NonKeyAttributes");
                    foreach (var name in names) w.WriteStringValue(name);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                if (global)
                {
                    // A new table's indexes are created with it.
                    w.WriteString("IndexStatus", (t.Status == TableStatus.CREATING ? Model.Indexes.IndexStatus.CREATING : index.Status).ToString());
                    if (index.Status == Model.Indexes.IndexStatus.CREATING) w.WriteBoolean("Backfilling", index.Backfilling);
                    w.WriteStartObject("ProvisionedThroughput");
                    w.WriteNumber("NumberOfDecreasesToday", 0);
                    w.WriteNumber("ReadCapacityUnits", index.ReadCapacityUnits);
                    w.WriteNumber("WriteCapacityUnits", index.WriteCapacityUnits);
                    w.WriteEndObject();
                }
                w.WriteNumber("IndexSizeBytes", counted?.SizeBytes ?? 0);
                w.WriteNumber("ItemCount", counted?.ItemCount ?? 0);
                w.WriteString("IndexArn", index.Arn(tableArn));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }

    internal static void WriteKeySchema(Utf8JsonWriter w, KeySchema schema)
    {
        w.WriteStartArray("KeySchema");
        foreach (var (key, type) in new[] { (schema.PartitionKey, "HASH"), (schema.SortKey, "RANGE") })
        {
            if (key is null) continue;
            w.WriteStartObject();
            w.WriteString("AttributeName", key.Name);
            w.WriteString("KeyType", type);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
