using GlobalTables.Model.Validation;

namespace GlobalTables.Model.Tables;

/// <summary>DescribeTimeToLive's TimeToLiveStatus.</summary>
public enum TimeToLiveStatus { ENABLING, DISABLING, ENABLED, DISABLED }

/// <summary>
/// A table's time to live as its last UpdateTimeToLive left it. As in DynamoDB a change takes a while to settle
/// (ENABLING or DISABLING until <see cref="SettlesAt"/>), and no other change is taken meanwhile. The status is
/// derived from the clock, so nothing has to run when a change settles.
/// </summary>
public sealed record TimeToLive(string AttributeName, bool Enabled, DateTimeOffset SettlesAt)
{
    public TimeToLiveStatus StatusAt(DateTimeOffset now) => (Enabled, now < SettlesAt) switch
    {
        (true, true) => TimeToLiveStatus.ENABLING,
        (true, false) => TimeToLiveStatus.ENABLED,
        (false, true) => TimeToLiveStatus.DISABLING,
        (false, false) => TimeToLiveStatus.DISABLED,
    };

    /// <summary>The attribute DescribeTimeToLive names: none once disabling has settled.</summary>
    public string? AttributeNameAt(DateTimeOffset now) => StatusAt(now) == TimeToLiveStatus.DISABLED ? null : AttributeName;

    /// <summary>The attribute whose expired items are deleted now: only while enabled and settled.</summary>
    public string? DeletingOn(DateTimeOffset now) => StatusAt(now) == TimeToLiveStatus.ENABLED ? AttributeName : null;

    /// <summary>UpdateTimeToLive's rules and DynamoDB's messages; <paramref name="current"/> is null for a table that never had one.</summary>
    public static TimeToLive Update(TimeToLive? current, bool enabled, string attributeName, DateTimeOffset now, TimeSpan transition)
    {
        var status = current?.StatusAt(now) ?? TimeToLiveStatus.DISABLED;
        if (status is TimeToLiveStatus.ENABLING or TimeToLiveStatus.DISABLING)
            throw DynamoException.Validation("Time to live has been modified multiple times within a fixed interval");
        if (enabled && status == TimeToLiveStatus.ENABLED) throw DynamoException.Validation("TimeToLive is already enabled");
        if (!enabled && status == TimeToLiveStatus.DISABLED) throw DynamoException.Validation("TimeToLive is already disabled");
        if (!enabled && current!.AttributeName != attributeName)
            throw DynamoException.Validation($"TimeToLive is active on a different AttributeName: current AttributeName is {current.AttributeName}");
        return new TimeToLive(attributeName, enabled, now + transition);
    }
}
