using GlobalTables.Model.Partitions;

namespace GlobalTables.Model.Tests.Backups;

/// <summary>
/// Which snapshots a partition keeps for backups and point-in-time restores (docs/backups.md): the base, the newest saved
/// before the hold began, so that every time in the hold has a snapshot at or before it; the ones after it thinned; and
/// never the newest.
/// </summary>
public sealed class SnapshotKeepingTests
{
    static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T00:00:00Z");
    static readonly TimeSpan Hold = TimeSpan.FromMinutes(4);

    [Fact]
    public void Under_steady_snapshots_it_keeps_the_base_and_about_per_hold_more_and_the_base_moves_on()
    {
        var keeping = new SnapshotKeeping();
        var deletedBelow = new List<long>();
        var deletedEach = new List<long>();
        // A snapshot every 10 s for 20 min.
        for (int i = 1; i <= 120; i++)
        {
            var now = T0.AddSeconds(10 * i);
            keeping.Saved(i * 100, now);
            var thinned = keeping.Thin(now, Hold, perHold: 4);
            if (thinned.Below > 0) deletedBelow.Add(thinned.Below);
            deletedEach.AddRange(thinned.Each);

            // Every time within the hold has a kept snapshot at or before it, and the newest is kept.
            var @base = keeping.Base(now, Hold);
            if (now - T0 > Hold + TimeSpan.FromSeconds(10))
            {
                Assert.NotNull(@base);
                Assert.True(@base.Value.At <= now - Hold);
            }
            Assert.Equal(i * 100, keeping.Kept[^1].Sequence);
            Assert.InRange(keeping.Kept.Count, 1, 7);
        }
        // The base moved on: its journal could be deleted through it, and the snapshots below it were.
        var last = keeping.Base(T0.AddSeconds(1200), Hold)!.Value;
        Assert.True(last.At >= T0.AddSeconds(1200) - Hold - Hold / 4 - TimeSpan.FromSeconds(10), $"the base is at {last.At}");
        Assert.NotEmpty(deletedBelow);
        Assert.NotEmpty(deletedEach);
    }

    [Fact]
    public void With_no_snapshot_older_than_the_hold_there_is_no_base_and_nothing_is_deleted_below()
    {
        var keeping = new SnapshotKeeping();
        keeping.Saved(10, T0);
        keeping.Saved(20, T0.AddMinutes(1));
        Assert.Null(keeping.Base(T0.AddMinutes(3), Hold));
        Assert.Equal(0, keeping.Thin(T0.AddMinutes(3), Hold, 4).Below);
        // Once the first is old enough it is the base; once the second is, the first goes.
        Assert.Equal(new RetentionMark(10, T0), keeping.Base(T0.AddMinutes(4), Hold));
        Assert.Equal(20, keeping.Thin(T0.AddMinutes(5), Hold, 4).Below);
        Assert.Equal([new RetentionMark(20, T0.AddMinutes(1))], keeping.Kept);
    }

    [Fact]
    public void A_snapshot_saved_again_at_a_lower_sequence_after_a_restart_replaces_the_ones_above_it()
    {
        var keeping = new SnapshotKeeping();
        keeping.Saved(10, T0);
        keeping.Saved(20, T0.AddMinutes(1));
        keeping.Saved(15, T0.AddMinutes(2));
        Assert.Equal([10L, 15L], keeping.Kept.Select(k => k.Sequence));
    }
}
