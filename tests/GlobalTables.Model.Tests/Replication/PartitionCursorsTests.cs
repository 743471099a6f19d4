using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Tests.Replication;

public sealed class PartitionCursorsTests
{
    [Fact]
    public void Confirmed_pushes_move_a_partition_on_only_while_they_follow_what_is_delivered()
    {
        var cursors = new PartitionCursors(2);
        cursors.Start(new Dictionary<int, long> { [0] = 10 });
        foreach (var s in new long[] { 11, 12, 14 }) cursors.Written(0, s);
        cursors.Pushed(0, 12);
        Assert.Equal(10, cursors.Delivered(0));
        cursors.Pushed(0, 11);
        Assert.Equal(12, cursors.Delivered(0));
        // 13 is an event that is not pushed (a replicated change, say): 14 waits until a read passes 13.
        cursors.Pushed(0, 14);
        Assert.Equal(12, cursors.Delivered(0));
        Assert.False(cursors.NeedsSending(0, 14));
        Assert.True(cursors.NeedsSending(0, 13));
        cursors.DeliveredUpTo(0, 14);
        Assert.Equal(14, cursors.Delivered(0));
        Assert.Equal(0, cursors.Delivered(1));
    }

    [Fact]
    public void A_partition_lags_once_its_writes_have_had_a_whole_poll_to_be_confirmed()
    {
        var cursors = new PartitionCursors(3);
        cursors.Start(new Dictionary<int, long>());
        cursors.Written(1, 5);
        Assert.Empty(cursors.Lagging());
        cursors.Tick();
        cursors.Written(2, 3);
        Assert.Equal([1], cursors.Lagging());
        Assert.Equal(8, cursors.Backlog);
        cursors.DeliveredUpTo(1, 5);
        Assert.Empty(cursors.Lagging());
        Assert.Equal(3, cursors.Backlog);
    }

    [Fact]
    public void Positions_go_to_the_peer_once_and_a_restart_resumes_from_what_it_stored()
    {
        var cursors = new PartitionCursors(2);
        cursors.Start(new Dictionary<int, long> { [0] = 4, [1] = 2 });
        Assert.Empty(cursors.Unstored());
        cursors.DeliveredUpTo(0, 9);
        Assert.Equal(new Dictionary<int, long> { [0] = 9 }, cursors.Unstored());
        cursors.Stored(cursors.Unstored());
        Assert.Empty(cursors.Unstored());
        cursors.DeliveredUpTo(1, 7);
        // A failure: the link starts again from what the peer holds, and sends partition 1 again.
        cursors.Start(new Dictionary<int, long> { [0] = 9, [1] = 2 });
        Assert.Equal(2, cursors.Delivered(1));
        Assert.True(cursors.NeedsSending(1, 3));
        Assert.True(PartitionCursors.Empty(new Dictionary<int, long> { [0] = 0 }));
        Assert.False(PartitionCursors.Empty(new Dictionary<int, long> { [0] = 1 }));
    }
}
