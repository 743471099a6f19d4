using GlobalTables.Model.Tables;

namespace GlobalTables.Model.Backups;

/// <summary>
/// The overrides of RestoreTableFromBackup and RestoreTableToPointInTime. Null keeps the source's setting.
/// </summary>
/// <param name="GlobalIndexes">GlobalSecondaryIndexOverride's index names: the restored table has only these of the source's global indexes.</param>
/// <param name="LocalIndexes">LocalSecondaryIndexOverride's index names, likewise.</param>
/// <param name="ServerSideEncryption">SSESpecificationOverride.Enabled: accepted and checked, but nothing here is encrypted at rest, so it changes nothing.</param>
public sealed record RestoreOverrides(BillingMode? BillingMode, long? ReadCapacityUnits, long? WriteCapacityUnits,
    IReadOnlyList<string>? GlobalIndexes, IReadOnlyList<string>? LocalIndexes, bool? ServerSideEncryption = null)
{
    public static readonly RestoreOverrides None = new(null, null, null, null, null);
}
