using GlobalTables.Region.Replication;

namespace GlobalTables.Region.Tests.Replication;

/// <summary>
/// A peer's links (one per table) that fail and retry are said down once and up again once, whatever their number; a new
/// reason while down is said once more.
/// </summary>
public sealed class PeerLinkStatesTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_failure_of_a_peers_links_is_said_and_every_retry_and_other_table_after_it_for_a_reason_said_is_not()
    {
        var states = new PeerLinkStates("us-east-1");

        Assert.Equal("link us-east-1 -> eu-west-2 down: Timeout after 3.00 seconds",
            states.Down("eu-west-2", "orders", "Timeout after 3.00 seconds", null, T0, quiet: false));
        Assert.Equal("link us-east-1 -> eu-west-2 still down: eu-west-2 is isolated",
            states.Down("eu-west-2", "carts", "eu-west-2 is isolated", null, T0, quiet: false));
        for (int retry = 1; retry <= 20; retry++)
        {
            Assert.Null(states.Down("eu-west-2", "orders", "Timeout after 3.00 seconds", null, T0.AddSeconds(0.5 * retry), quiet: false));
            Assert.Null(states.Down("eu-west-2", "carts", "eu-west-2 is isolated", null, T0.AddSeconds(0.5 * retry), quiet: false));
        }
        // Another peer is another state.
        Assert.Equal("link us-east-1 -> ap-southeast-1 down: ap-southeast-1 is stopping",
            states.Down("ap-southeast-1", "orders", "ap-southeast-1 is stopping", null, T0, quiet: false));
    }

    [Fact]
    public void A_line_names_the_step_that_failed_and_the_same_reason_in_another_step_is_not_said_again()
    {
        var states = new PeerLinkStates("eu-west-2");
        Assert.Equal("link eu-west-2 -> us-east-1 down: Timeout after 3.00 seconds (while connecting)",
            states.Down("us-east-1", "orders", "Timeout after 3.00 seconds", "connecting", T0, quiet: false));
        Assert.Null(states.Down("us-east-1", "orders", "Timeout after 3.00 seconds", "reading the journal and sending", T0.AddSeconds(4), quiet: false));
        Assert.Equal("link eu-west-2 -> us-east-1 still down: database is locked (while storing offsets)",
            states.Down("us-east-1", "orders", "database is locked", "storing offsets", T0.AddSeconds(8), quiet: false));
    }

    [Fact]
    public void A_peer_is_up_again_once_its_last_down_link_resumed_with_the_time_since_the_first_went_down()
    {
        var states = new PeerLinkStates("us-east-1");
        states.Down("eu-west-2", "orders", "eu-west-2 is isolated", null, T0, quiet: false);
        states.Down("eu-west-2", "carts", "eu-west-2 is isolated", null, T0.AddSeconds(2), quiet: false);

        Assert.Null(states.Up("eu-west-2", "orders", T0.AddSeconds(11)));
        Assert.Equal("link us-east-1 -> eu-west-2 up again after 12.5 s", states.Up("eu-west-2", "carts", T0.AddSeconds(12.5)));
        Assert.Null(states.Up("eu-west-2", "carts", T0.AddSeconds(13)));

        // Down again: a new change, said again, even for a reason said the last time.
        Assert.Equal("link us-east-1 -> eu-west-2 down: eu-west-2 is isolated", states.Down("eu-west-2", "orders", "eu-west-2 is isolated", null, T0.AddSeconds(20), quiet: false));
    }

    [Fact]
    public void A_quiet_stop_is_not_said_nor_its_end_but_a_failure_for_another_reason_meanwhile_is()
    {
        var states = new PeerLinkStates("eu-west-2");
        Assert.Null(states.Down("us-east-1", "orders", "us-east-1 cannot be reached", null, T0, quiet: true));
        Assert.Null(states.Up("us-east-1", "orders", T0.AddSeconds(1)));

        Assert.Null(states.Down("us-east-1", "orders", "us-east-1 cannot be reached", null, T0.AddSeconds(2), quiet: true));
        Assert.Equal("link eu-west-2 -> us-east-1 down: Timeout after 3.00 seconds",
            states.Down("us-east-1", "orders", "Timeout after 3.00 seconds", null, T0.AddSeconds(5), quiet: false));
        Assert.Equal("link eu-west-2 -> us-east-1 up again after 6.0 s", states.Up("us-east-1", "orders", T0.AddSeconds(8)));
    }

    [Fact]
    public void A_down_link_removed_for_good_leaves_the_peer_up_when_its_other_links_are_and_says_nothing_when_none_remain()
    {
        var states = new PeerLinkStates("us-east-1");
        states.Down("eu-west-2", "orders", "Timeout after 3.00 seconds", null, T0, quiet: false);
        Assert.Equal("link us-east-1 -> eu-west-2 up again after 4.0 s", states.Removed("eu-west-2", "orders", T0.AddSeconds(4), linksRemain: true));

        states.Down("eu-west-2", "orders", "Timeout after 3.00 seconds", null, T0.AddSeconds(10), quiet: false);
        Assert.Null(states.Removed("eu-west-2", "orders", T0.AddSeconds(12), linksRemain: false));
        // The replica came back: its first failure is news again.
        Assert.NotNull(states.Down("eu-west-2", "orders", "Timeout after 3.00 seconds", null, T0.AddSeconds(20), quiet: false));
    }
}
