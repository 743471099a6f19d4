using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Tests.Partitions;

/// <summary>A snapshot is due after N events, or when time is up with any; one save runs at a time.</summary>
public sealed class SnapshotScheduleTests
{
    [Fact]
    public void A_snapshot_is_due_after_enough_events_and_one_save_runs_at_a_time()
    {
        var schedule = new SnapshotSchedule(afterEvents: 3);
        Assert.True(schedule.Add(1));
        Assert.False(schedule.Add(1));
        Assert.False(schedule.TakeDue());
        schedule.Add(1);
        Assert.True(schedule.TakeDue());

        // While the save runs, events count toward the next one, which waits for the save to end.
        Assert.True(schedule.Add(5));
        Assert.False(schedule.TakeDue());
        schedule.Ended();
        Assert.True(schedule.TakeDue());
    }

    [Fact]
    public void Time_up_saves_any_events_not_in_a_snapshot_and_nothing_when_there_are_none()
    {
        var schedule = new SnapshotSchedule(afterEvents: 1000);
        Assert.False(schedule.TakeDue(timeUp: true));
        schedule.Add(2);
        Assert.True(schedule.TakeDue(timeUp: true));
        schedule.Ended();
        Assert.False(schedule.TakeDue(timeUp: true));
    }

    [Fact]
    public void Time_up_during_a_save_is_taken_once_the_save_ends()
    {
        var schedule = new SnapshotSchedule(afterEvents: 1000);
        schedule.Add(2);
        Assert.True(schedule.TakeDue(timeUp: true));
        // Events come while the save runs, and their time is up before it ends.
        Assert.True(schedule.Add(3));
        Assert.False(schedule.TakeDue(timeUp: true));
        schedule.Ended();
        // The partition asks again when the save ends, with no timer left to say time is up.
        Assert.True(schedule.TakeDue());
        schedule.Ended();
        Assert.False(schedule.TakeDue());
    }
}
