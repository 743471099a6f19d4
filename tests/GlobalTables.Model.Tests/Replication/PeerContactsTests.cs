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
        Assert.True(contacts.Unanswered(Given));
        Assert.Equal(Given, contacts.Current(Given));
        Assert.False(contacts.Answered(Given));
    }

    [Fact]
    public void An_unanswered_node_is_followed_by_the_next_learned_one_then_the_given_one_again()
    {
        var contacts = new PeerContacts();
        contacts.Learned([Given, "n1", "n2"]);
        // The other nodes are tried at once; only when all went unanswered does the link wait.
        Assert.False(contacts.Unanswered(Given));
        Assert.Equal("n1", contacts.Current(Given));
        Assert.False(contacts.Unanswered(Given));
        Assert.Equal("n2", contacts.Current(Given));
        Assert.True(contacts.Unanswered(Given));
        Assert.Equal(Given, contacts.Current(Given));
        Assert.True(contacts.Unanswered(Given));
        Assert.Equal("n1", contacts.Current(Given));
    }

    [Fact]
    public void An_answer_is_a_change_only_from_another_address_than_the_last_answer()
    {
        var contacts = new PeerContacts();
        contacts.Learned([Given, "n1"]);
        Assert.False(contacts.Answered(Given));
        contacts.Unanswered(Given);
        Assert.True(contacts.Answered(Given));
        Assert.Equal("n1", contacts.Current(Given));
        // Answered again by the same node, after a refusal or a retry: nothing to log. The count of unanswered tries starts over.
        Assert.False(contacts.Answered(Given));
        Assert.False(contacts.Unanswered(Given));
    }

    [Fact]
    public void A_current_node_that_left_the_region_is_followed_by_the_first_learned_one()
    {
        var contacts = new PeerContacts();
        contacts.Learned([Given, "n1", "n2"]);
        contacts.Unanswered(Given);
        contacts.Unanswered(Given);
        Assert.Equal("n2", contacts.Current(Given));
        // The region now says n2 is gone and n3 joined; n2 still answers until it does not.
        contacts.Learned([Given, "n1", "n3", "n1"]);
        Assert.Equal("n2", contacts.Current(Given));
        contacts.Unanswered(Given);
        Assert.Equal("n1", contacts.Current(Given));
        contacts.Unanswered(Given);
        Assert.Equal("n3", contacts.Current(Given));
    }
}
