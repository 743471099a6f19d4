using GlobalTables.Model.Tables;
using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tests.Backups;

/// <summary>UpdateContinuousBackups' rules and the restorable window.</summary>
public sealed class PointInTimeRecoveryTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T00:00:00Z");
    static readonly TimeSpan Lag = TimeSpan.FromSeconds(1);

    [Fact]
    public void Enabling_opens_the_window_at_that_time_with_35_days_by_default_and_a_period_change_keeps_it()
    {
        var enabled = PointInTimeRecovery.Update(null, true, null, T0)!;
        Assert.Equal((true, 35, T0), (enabled.Enabled, enabled.RecoveryPeriodInDays, enabled.EnabledAt));
        Assert.Equal(T0, enabled.EarliestRestorable(T0.AddDays(3)));
        Assert.Equal(T0.AddDays(40) - TimeSpan.FromDays(35), enabled.EarliestRestorable(T0.AddDays(40)));
        var shorter = PointInTimeRecovery.Update(enabled, true, 7, T0.AddDays(1))!;
        Assert.Equal((7, T0), (shorter.RecoveryPeriodInDays, shorter.EnabledAt));
        var disabled = PointInTimeRecovery.Update(shorter, false, null, T0.AddDays(2))!;
        Assert.False(disabled.Enabled);
        // Enabled again, the window starts again.
        Assert.Equal(T0.AddDays(3), PointInTimeRecovery.Update(disabled, true, null, T0.AddDays(3))!.EnabledAt);
        var e = Assert.Throws<DynamoException>(() => PointInTimeRecovery.Update(enabled, false, 5, T0));
        Assert.Equal(ErrorCode.Validation, e.Code);
    }

    [Fact]
    public void A_restore_time_must_lie_in_the_window_and_recovery_must_be_on()
    {
        var recovery = PointInTimeRecovery.Update(null, true, 1, T0)!;
        var now = T0.AddHours(2);
        Assert.Equal(T0.AddHours(1), recovery.RestoreTime(T0.AddHours(1), now, Lag, "T"));
        Assert.Equal(now - Lag, recovery.RestoreTime(null, now, Lag, "T"));
        Assert.Equal(ErrorCode.InvalidRestoreTime, Assert.Throws<DynamoException>(() => recovery.RestoreTime(T0.AddSeconds(-5), now, Lag, "T")).Code);
        Assert.Equal(ErrorCode.InvalidRestoreTime, Assert.Throws<DynamoException>(() => recovery.RestoreTime(now, now, Lag, "T")).Code);
        var off = Assert.Throws<DynamoException>(() => (recovery with { Enabled = false }).RestoreTime(null, now, Lag, "T"));
        Assert.Equal((ErrorCode.PointInTimeRecoveryUnavailable, "Point in time recovery is not enabled for table 'T'"), (off.Code, off.Message));
    }
}
