using GlobalTables.Model.Items;
using GlobalTables.Model.Partitions;
using static GlobalTables.Model.Tests.Expressions.Kit;

namespace GlobalTables.Model.Tests.Partitions;

/// <summary>Commands wait for unconfirmed events on their items, in arrival order per item; other items go ahead.</summary>
public sealed class ItemWriteQueueTests
{
    static readonly ItemKey A = new(S("a"), null), B = new(S("b"), null), C = new(S("c"), null);

    static List<string> Drain(ItemWriteQueue<string> queue)
    {
        var taken = new List<string>();
        while (queue.TryTakeNext(out var next)) taken.Add(next);
        return taken;
    }

    [Fact]
    public void A_command_on_a_held_item_waits_and_one_on_another_item_goes()
    {
        var queue = new ItemWriteQueue<string>();
        Assert.True(queue.TryAdmit([A], "w1"));
        queue.Hold([A]);
        Assert.False(queue.TryAdmit([A], "w2"));
        Assert.True(queue.TryAdmit([B], "other"));
        Assert.Empty(Drain(queue));

        queue.Release([A]);
        Assert.Equal(["w2"], Drain(queue));
        Assert.Equal(0, queue.WaitingCount);
    }

    [Fact]
    public void Commands_on_one_item_keep_their_order_even_when_one_of_them_spans_a_free_item()
    {
        var queue = new ItemWriteQueue<string>();
        queue.Hold([A]);
        Assert.False(queue.TryAdmit([A, B], "transaction"));
        // B is free, but the transaction that waits for A wants it first.
        Assert.False(queue.TryAdmit([B], "after-on-b"));
        Assert.True(queue.TryAdmit([C], "on-c"));

        queue.Release([A]);
        Assert.True(queue.TryTakeNext(out var first));
        Assert.Equal("transaction", first);
        queue.Hold([A, B]);
        Assert.False(queue.TryTakeNext(out _));
        queue.Release([A, B]);
        Assert.Equal(["after-on-b"], Drain(queue));
    }

    [Fact]
    public void A_command_that_persists_nothing_lets_the_next_one_on_its_item_go_at_once()
    {
        var queue = new ItemWriteQueue<string>();
        queue.Hold([A]);
        queue.TryAdmit([A], "condition-fails");
        queue.TryAdmit([A], "next");
        queue.Release([A]);
        // Neither holds A: both go, in order.
        Assert.Equal(["condition-fails", "next"], Drain(queue));
    }

    [Fact]
    public void The_writes_next_in_line_on_one_item_can_go_together_up_to_a_bound_and_never_past_a_command_spanning_it()
    {
        var queue = new ItemWriteQueue<string>();
        queue.Hold([A]);
        foreach (var w in new[] { "w1", "w2", "w3", "w4" }) queue.TryAdmit([A], w);
        Assert.True(queue.TryAdmit([B], "on-b"));
        queue.TryAdmit([A, B], "transaction");
        queue.TryAdmit([A], "after-transaction");
        queue.Release([A]);

        Assert.True(queue.TryTakeNext(out var first));
        Assert.Equal("w1", first);
        Assert.Equal(["w2", "w3"], queue.TakeFollowing(A, _ => true, max: 2));
        Assert.Equal(["w4"], queue.TakeFollowing(A, _ => true, max: 10));
        // Nothing passes the transaction on A.
        Assert.Empty(queue.TakeFollowing(A, _ => true, max: 10));
        Assert.Equal(["transaction", "after-transaction"], Drain(queue));
    }

    [Fact]
    public void A_waiting_command_that_cannot_join_ends_the_group()
    {
        var queue = new ItemWriteQueue<string>();
        queue.Hold([A]);
        foreach (var w in new[] { "w1", "prepare", "w2" }) queue.TryAdmit([A], w);
        queue.Release([A]);
        Assert.True(queue.TryTakeNext(out _));
        Assert.Empty(queue.TakeFollowing(A, c => c.StartsWith('w'), max: 10));
        Assert.Equal(["prepare", "w2"], Drain(queue));
    }

    [Fact]
    public void Taking_all_empties_the_queue_oldest_first()
    {
        var queue = new ItemWriteQueue<string>();
        queue.Hold([A]);
        queue.TryAdmit([A], "1");
        queue.TryAdmit([A, B], "2");
        Assert.Equal(["1", "2"], queue.TakeAll());
        Assert.Equal(0, queue.HeldCount);
        Assert.True(queue.TryAdmit([A, B], "3"));
    }
}
