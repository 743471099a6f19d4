using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tables;

/// <summary>
/// A table's point-in-time recovery as UpdateContinuousBackups left it (docs/backups.md). While enabled, the table can be
/// restored to any second from <see cref="EarliestRestorable"/> to <see cref="LatestRestorable"/>: its partitions keep
/// snapshots and journal for <see cref="RecoveryPeriodInDays"/> days (<c>SnapshotKeeping</c>).
/// </summary>
/// <param name="EnabledAt">When it was last enabled: nothing earlier can be restored.</param>
public sealed record PointInTimeRecovery(bool Enabled, int RecoveryPeriodInDays, DateTimeOffset EnabledAt)
{
    public const int RecoveryPeriodDefault = 35;

    public TimeSpan RecoveryPeriod => TimeSpan.FromDays(RecoveryPeriodInDays);

    /// <summary>The window opens when recovery was enabled, and slides with the recovery period.</summary>
    public DateTimeOffset EarliestRestorable(DateTimeOffset now) => Later(EnabledAt, now - RecoveryPeriod);

    /// <summary><paramref name="lag"/> behind now, as DynamoDB's LatestRestorableDateTime is (its is about 5 minutes).</summary>
    public static DateTimeOffset LatestRestorable(DateTimeOffset now, TimeSpan lag) => now - lag;

    /// <summary>UpdateContinuousBackups' rules; <paramref name="current"/> is null for a table that never had it.</summary>
    public static PointInTimeRecovery? Update(PointInTimeRecovery? current, bool enabled, int? recoveryPeriodInDays, DateTimeOffset now)
    {
        if (!enabled)
        {
            if (recoveryPeriodInDays is not null)
                throw DynamoException.Validation("RecoveryPeriodInDays can only be specified when PointInTimeRecoveryEnabled is true");
            return current is { Enabled: true } ? current with { Enabled = false } : current;
        }
        int period = recoveryPeriodInDays ?? current?.RecoveryPeriodInDays ?? RecoveryPeriodDefault;
        // Changing the period of an enabled table keeps its window's start.
        return current is { Enabled: true } ? current with { RecoveryPeriodInDays = period } : new PointInTimeRecovery(true, period, now);
    }

    /// <summary>
    /// RestoreTableToPointInTime's time, checked against the window: <paramref name="requested"/> null means
    /// UseLatestRestorableTime. DynamoDB restores to the second.
    /// </summary>
    public DateTimeOffset RestoreTime(DateTimeOffset? requested, DateTimeOffset now, TimeSpan lag, string tableName)
    {
        if (!Enabled) throw new DynamoException(ErrorCode.PointInTimeRecoveryUnavailable, $"Point in time recovery is not enabled for table '{tableName}'");
        var earliest = EarliestRestorable(now);
        var latest = LatestRestorable(now, lag);
        if (requested is not { } at) return latest;
        if (at < earliest.AddTicks(-(earliest.Ticks % TimeSpan.TicksPerSecond)) || at > latest)
            throw new DynamoException(ErrorCode.InvalidRestoreTime,
                $"Restore time is not within the valid range. EarliestRestorableDateTime: {earliest:yyyy-MM-ddTHH:mm:ss.fffZ}, LatestRestorableDateTime: {latest:yyyy-MM-ddTHH:mm:ss.fffZ}");
        return at < earliest ? earliest : at;
    }

    static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
