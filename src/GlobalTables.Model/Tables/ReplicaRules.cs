using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tables;

/// <summary>UpdateTable's ReplicaUpdates (global tables version 2019.11.21), with DynamoDB's messages.</summary>
public static class ReplicaRules
{
    public const string StreamViewTypeForReplicas = "NEW_AND_OLD_IMAGES";

    /// <summary>The table after adding a replica in <paramref name="region"/>; the new replica starts CREATING.</summary>
    public static TableDefinition Add(TableDefinition t, string localRegion, string region, IReadOnlyCollection<string> knownRegions, DateTimeOffset now)
    {
        CheckTarget(t, localRegion, region, knownRegions);
        var replicas = t.Replicas ?? [new ReplicaInfo(localRegion, ReplicaStatus.ACTIVE)];
        if (replicas.Any(r => r.RegionName == region))
            throw DynamoException.Validation($"Failed to create a the new replica of table with name: '{t.Name}' because one or more replicas already existed as tables.");
        if (t.StreamViewType is not null && t.StreamViewType != StreamViewTypeForReplicas)
            throw DynamoException.Validation($"One or more parameter values were invalid: Table {t.Name} must have DynamoDB Streams enabled with StreamViewType {StreamViewTypeForReplicas} to add replicas");
        return t with
        {
            Replicas = [.. replicas, new ReplicaInfo(region, ReplicaStatus.CREATING, 0)],
            StreamViewType = StreamViewTypeForReplicas,
            StreamEnabledAt = t.StreamEnabledAt ?? now,
        };
    }

    public static TableDefinition Remove(TableDefinition t, string localRegion, string region, IReadOnlyCollection<string> knownRegions)
    {
        CheckTarget(t, localRegion, region, knownRegions);
        if (t.Replicas is null || t.Replicas.All(r => r.RegionName != region))
            throw DynamoException.Validation($"Update global table operation failed because one or more replicas were not part of the global table. Please retry the request without these replicas: [{region}].");
        return WithoutReplica(t, region);
    }

    /// <summary>Drops a region from the replica set; a table left alone in its region stops being global.</summary>
    public static TableDefinition WithoutReplica(TableDefinition t, string region)
    {
        var remaining = (t.Replicas ?? []).Where(r => r.RegionName != region).ToList();
        return t with { Replicas = remaining.Count > 1 ? remaining : null };
    }

    /// <summary>
    /// A replica's report of its own status (progress while it fills, then ACTIVE): the table with it, or null when it
    /// changes nothing. Reports cross regions unordered, so a replica this table does not hold, an older progress, or a
    /// CREATING report about a replica already ACTIVE is stale; and a report never adds or drops a replica, which only
    /// the region that changed the replica set does.
    /// </summary>
    public static TableDefinition? Reported(TableDefinition t, string region, ReplicaStatus status, int? percent)
    {
        if (t.Replicas?.FirstOrDefault(r => r.RegionName == region) is not { } known) return null;
        bool newer = (known.Status, status) switch
        {
            (ReplicaStatus.CREATING, ReplicaStatus.CREATING) => (percent ?? 0) > (known.PercentProgress ?? 0),
            (ReplicaStatus.CREATING, ReplicaStatus.ACTIVE) => true,
            _ => false,
        };
        return newer ? WithReplicaStatus(t, region, status, status == ReplicaStatus.CREATING ? percent : null) : null;
    }

    public static TableDefinition WithReplicaStatus(TableDefinition t, string region, ReplicaStatus status, int? percent) =>
        t with { Replicas = (t.Replicas ?? []).Select(r => r.RegionName == region ? r with { Status = status, PercentProgress = percent } : r).ToList() };

    static void CheckTarget(TableDefinition t, string localRegion, string region, IReadOnlyCollection<string> knownRegions)
    {
        if (region == localRegion)
            throw DynamoException.Validation("Cannot add, delete, or update the local region through ReplicaUpdates. Use CreateTable, DeleteTable, or UpdateTable as required.");
        if (!knownRegions.Contains(region))
            throw DynamoException.Validation($"One or more parameter values were invalid: Region {region} is not available. Available regions: {string.Join(", ", knownRegions.Order(StringComparer.Ordinal))}");
        if (t.Status != TableStatus.ACTIVE)
            throw TableValidation.InUse(t);
    }

    /// <summary>StreamSpecification changes on a global table are refused, as in DynamoDB.</summary>
    public static void CheckStreamChange(TableDefinition t, bool enabled, string? viewType)
    {
        if (!t.IsGlobal) return;
        if (enabled == false || (viewType is not null && viewType != StreamViewTypeForReplicas))
            throw DynamoException.Validation("One or more parameter values were invalid: The stream of a global table cannot be disabled or changed; its StreamViewType must stay NEW_AND_OLD_IMAGES");
    }
}
