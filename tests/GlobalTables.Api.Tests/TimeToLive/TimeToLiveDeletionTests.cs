using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;
using static GlobalTables.Api.Tests.Items.Av;
using static GlobalTables.Api.Tests.Durability.FaultyJournalHost;

namespace GlobalTables.Api.Tests.TimeToLive;

/// <summary>
/// Time to live's deleter through the SDK, on a region whose settings settle after 1 s and whose partitions look for
/// expired items every 300 ms (DynamoDB: up to an hour, and within days): DynamoDB's rules for which items go, and a
/// delete the journal does not keep, which leaves the item for a later pass.
/// </summary>
public sealed class TimeToLiveDeletionTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new()
    {
        ConfigOverrides = FaultyJournal.ConfigOverride + """

            globaltables.time-to-live.transition = 1s
            globaltables.time-to-live.scan-interval = 300ms
            """,
    };

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    IAmazonDynamoDB Client => _fixture.Client();

    JournalFaults Faults => JournalFaults.Get(_fixture.Server.Regions.Single().System);

    static readonly long NowSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>A table with time to live ENABLED on <c>expires</c>.</summary>
    async Task<string> TableAsync(string prefix)
    {
        var table = UniqueName(prefix);
        await ServerFixture.CreateTableAsync(Client, table);
        await Client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = table, TimeToLiveSpecification = new TimeToLiveSpecification { Enabled = true, AttributeName = "expires" },
        });
        await UntilAsync(async () => (await Client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = table }))
            .TimeToLiveDescription.TimeToLiveStatus == TimeToLiveStatus.ENABLED, "time to live never ENABLED");
        return table;
    }

    Task PutAsync(string table, string pk, AttributeValue? expires) =>
        Client.PutItemAsync(table, expires is null ? Item(("pk", S(pk))) : Item(("pk", S(pk)), ("expires", expires)));

    /// <summary>Retries a read answered InternalServerError: a partition whose journal failed is on its way back.</summary>
    async Task<bool> ExistsAsync(string table, string pk) =>
        (await EventuallyAsync(() => Client.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", S(pk))), ConsistentRead = true })))
        .Item is { Count: > 0 };

    static Task UntilAsync(Func<Task<bool>> condition, string failure, double seconds = 20) =>
        Eventually.UntilAsync(condition, failure, TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task Expired_items_are_deleted_and_unexpired_non_number_far_past_and_unmarked_ones_stay()
    {
        var table = await TableAsync("ttl-rules");
        await PutAsync(table, "expired", N((NowSeconds - 60).ToString()));
        await PutAsync(table, "expired-fraction", N($"{NowSeconds - 2}.25"));
        await PutAsync(table, "future", N((NowSeconds + 3600).ToString()));
        await PutAsync(table, "string", S((NowSeconds - 60).ToString()));
        await PutAsync(table, "number-set", NS((NowSeconds - 60).ToString()));
        await PutAsync(table, "far-past", N(DateTimeOffset.UtcNow.AddYears(-5).AddDays(-1).ToUnixTimeSeconds().ToString()));
        await PutAsync(table, "missing", null);

        await UntilAsync(async () => !await ExistsAsync(table, "expired") && !await ExistsAsync(table, "expired-fraction"), "the expired items stayed");
        // One more pass, shown by an item expired after the first ones went: the others have had their chances.
        await PutAsync(table, "later", N((NowSeconds - 1).ToString()));
        await UntilAsync(async () => !await ExistsAsync(table, "later"), "the later expired item stayed");
        foreach (var pk in new[] { "future", "string", "number-set", "far-past", "missing" })
            Assert.True(await ExistsAsync(table, pk), $"{pk} was deleted");

        var described = (await Client.DescribeTableAsync(table)).Table;
        Assert.Equal(5, described.ItemCount);
    }

    [Fact]
    public async Task An_item_whose_time_to_live_was_extended_stays()
    {
        var table = await TableAsync("ttl-extend");
        await PutAsync(table, "kept", N((NowSeconds + 2).ToString()));
        await Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Item(("pk", S("kept"))), UpdateExpression = "SET expires = :e",
            ExpressionAttributeValues = new() { [":e"] = N((NowSeconds + 3600).ToString()) },
        });
        await PutAsync(table, "gone", N((NowSeconds + 2).ToString()));
        await UntilAsync(async () => !await ExistsAsync(table, "gone"), "the expired item stayed");
        Assert.True(await ExistsAsync(table, "kept"));
    }

    [Fact]
    public async Task After_a_restart_a_partition_no_request_reaches_still_deletes_its_expired_items()
    {
        var table = await TableAsync("ttl-restart");
        await PutAsync(table, "k", N((DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3).ToString()));
        await _fixture.RestartAsync();

        // Read from the journal, not through the partition, which a read would start.
        var region = _fixture.Server.Regions.Single();
        var definition = region.Tables.Find(table)!;
        var entity = definition.PartitionEntityId(new Model.Items.ItemKey(Model.Attributes.AttributeValue.FromS("k"), null).PartitionOf(definition.PartitionCount));
        await UntilAsync(async () => (await JournalEvents.ReadAsync(region.System, entity))
            .Any(e => (e.Event is Akka.Persistence.Journal.Tagged t ? t.Payload : e.Event) is Model.Partitions.ItemChanged { IsTimeToLiveDelete: true }),
            "the partition never deleted the item");
        Assert.False(await ExistsAsync(table, "k"));
    }

    [Fact]
    public async Task A_delete_the_journal_refuses_leaves_the_item_and_a_later_pass_deletes_it()
    {
        var table = await TableAsync("ttl-refused");
        var fault = Faults.Add(JournalFault.TimeToLiveDelete(table + "@"), JournalFaultKind.Reject, times: 3);
        await PutAsync(table, "k", N((NowSeconds - 60).ToString()));

        await UntilMatchedAsync(fault, writes: 2);
        // Refused twice, and the third try will be refused too: the item is there meanwhile.
        Assert.True(await ExistsAsync(table, "k"));
        await UntilAsync(async () => !await ExistsAsync(table, "k"), "a later pass never deleted the item");
        Assert.Equal(3, fault.Matched);
    }

    [Fact]
    public async Task A_delete_the_journal_fails_restarts_the_partition_which_deletes_the_item_later()
    {
        var table = await TableAsync("ttl-failed");
        await PutAsync(table, "other", null);
        var fault = Faults.Add(JournalFault.TimeToLiveDelete(table + "@"), JournalFaultKind.Fail, times: 1);
        await PutAsync(table, "k", N((NowSeconds - 60).ToString()));

        await UntilMatchedAsync(fault);
        await UntilAsync(async () => !await ExistsAsync(table, "k"), "the restarted partition never deleted the item");
        Assert.True(await ExistsAsync(table, "other"));
    }
}
