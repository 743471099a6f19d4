using GlobalTables.Model.Replication;

namespace GlobalTables.Model.Tests.Replication;

public sealed class PeerContactsTests
{
    const string Given = "n0";

    [Fact]
    public void Without_learned_nodes_the_given_address_is_tried_again_after_a_wait()
    {
        var contacts = new PeerContacts();
        Assert.Equal(Given, contacts.Current(Given));
        Assert.True(contacts.Failed(Given));
        Assert.Equal(Given, contacts.Current(Given));
        Assert.False(contacts.Resumed(Given));
    }

    [Fact]
    public void A_failure_moves_to_the_next_learned_node_then_to_the_given_one_again()
    {
        var contacts = new PeerContacts();
        contacts.Learned([Given, "n1", "n2"]);
        // The first failure tries the next node at once; while failing, each try waits.
        Assert.False(contacts.Failed(Given));
        Assert.Equal("n1", contacts.Current(Given));
        Assert.True(contacts.Failed(Given));
        Assert.Equal("n2", contacts.Current(Given));
        Assert.True(contacts.Failed(Given));
        Assert.Equal(Given, contacts.Current(Given));
        Assert.True(contacts.Failed(Given));
        Assert.Equal("n1", contacts.Current(Given));
    }

    [Fact]
    public void Resuming_is_a_change_only_through_another_address_than_last_time()
    {
        var contacts = new PeerContacts();
        contacts.Learned([Given, "n1"]);
        contacts.Failed(Given);
        contacts.Failed(Given);
        Assert.False(contacts.Resumed(Given));
        contacts.Failed(Given);
        Assert.True(contacts.Resumed(Given));
        Assert.Equal("n1", contacts.Current(Given));
        // Resumed through the same node after a refusal: nothing to log. The next failure again moves on at once.
        Assert.False(contacts.Failed(Given));
        Assert.True(contacts.Failed(Given));
        Assert.False(contacts.Resumed(Given));
    }

    [Fact]
    public void A_current_node_that_left_the_region_is_followed_by_the_first_learned_one()
    {
        var contacts = new PeerContacts();
        contacts.Learned([Given, "n1", "n2"]);
        contacts.Failed(Given);
        contacts.Failed(Given);
        Assert.Equal("n2", contacts.Current(Given));
        // The region now says n2 is gone and n3 joined; n2 is still sent to until it fails.
        contacts.Learned([Given, "n1", "n3", "n1"]);
        Assert.Equal("n2", contacts.Current(Given));
        contacts.Failed(Given);
        Assert.Equal("n1", contacts.Current(Given));
        contacts.Failed(Given);
        Assert.Equal("n3", contacts.Current(Given));
    }
}
