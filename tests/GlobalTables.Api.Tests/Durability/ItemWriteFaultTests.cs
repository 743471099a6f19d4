using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Model.Transactions;
using GlobalTables.Testing;
using static GlobalTables.Api.Tests.Items.Av;
using static GlobalTables.Api.Tests.Durability.FaultyJournalHost;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>
/// Item writes against a journal that fails, refuses or holds chosen writes (docs/durability.md): the writer hears
/// InternalServerError at once, no read returns a write the journal has not confirmed, nothing acknowledged is lost
/// across a restart, and every operation works again once the journal heals.
/// </summary>
public sealed class ItemWriteFaultTests(FaultyJournalHost host) : IClassFixture<FaultyJournalHost>
{
    static Dictionary<string, AttributeValue> Key(string pk) => Item(("pk", S(pk)));

    static Dictionary<string, AttributeValue> Valued(string pk, string v) => Item(("pk", S(pk)), ("v", S(v)));

    async Task<(AmazonDynamoDBClient Client, string Table)> TableAsync(string prefix)
    {
        var client = host.Client();
        var table = UniqueName(prefix);
        await ServerFixture.CreateTableAsync(client, table);
        return (client, table);
    }

    static async Task<string?> ValueAsync(IAmazonDynamoDB client, string table, string pk)
    {
        var read = await EventuallyAsync(() => client.GetItemAsync(new GetItemRequest { TableName = table, Key = Key(pk), ConsistentRead = true }));
        return read.IsItemSet && read.Item.Count > 0 ? read.Item["v"].S : null;
    }

    static Task<ScanResponse> ScanAsync(IAmazonDynamoDB client, string table) =>
        EventuallyAsync(() => client.ScanAsync(new ScanRequest { TableName = table, ConsistentRead = true }));

    [Fact]
    public async Task A_write_is_read_only_once_confirmed_and_a_refused_one_is_never_read_even_after_restart()
    {
        var (client, table) = await TableAsync("unconfirmed");
        await client.PutItemAsync(table, Valued("k", "w1"));
        var gate = new TaskCompletionSource();
        var fault = host.Faults.Add(JournalFault.ItemValue("v", "w2"), JournalFaultKind.Reject, gate: gate.Task);

        var w2 = client.PutItemAsync(table, Valued("k", "w2"));
        await UntilMatchedAsync(fault);
        // W2 is in the journal's hands: neither a read nor a query sees it.
        Assert.Equal("w1", await ValueAsync(client, table, "k"));
        var query = await client.QueryAsync(new QueryRequest
        {
            TableName = table, KeyConditionExpression = "pk = :k", ExpressionAttributeValues = new() { [":k"] = S("k") },
        });
        Assert.Equal("w1", Assert.Single(query.Items)["v"].S);
        // A conditional write on the item waits for W2, and is then decided on what the journal kept.
        var conditional = client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Key("k"), UpdateExpression = "SET x = :x", ConditionExpression = "v = :w1",
            ExpressionAttributeValues = new() { [":x"] = S("after"), [":w1"] = S("w1") },
        });
        Assert.False(conditional.IsCompleted);

        var released = Stopwatch.StartNew();
        gate.SetResult();
        await FailsWithInternalServerErrorAsync(() => w2, released);
        await conditional;
        Assert.Equal(Show(Item(("pk", S("k")), ("v", S("w1")), ("x", S("after")))), await ShowAsync(client, table, Key("k")));

        host.Faults.Heal();
        await host.Fixture.RestartAsync();
        client = host.Client();
        Assert.Equal(Show(Item(("pk", S("k")), ("v", S("w1")), ("x", S("after")))), await ShowAsync(client, table, Key("k")));
    }

    [Fact]
    public async Task Writes_queued_on_one_item_are_decided_one_on_another_and_stand_or_fall_together()
    {
        var (client, table) = await TableAsync("group");
        await client.PutItemAsync(table, Valued("k", "v1"));
        // Hold the next write's confirmation, so that the ones after it queue on the item.
        var release = new TaskCompletionSource();
        var held = host.Faults.Add(JournalFault.ItemValue("v", "v2"), JournalFaultKind.Delay, times: 1, gate: release.Task);
        var v2 = client.PutItemAsync(table, Valued("k", "v2"));
        await UntilMatchedAsync(held);
        host.Faults.Add(JournalFault.ItemValue("v", "v3"), JournalFaultKind.Reject);
        Task<UpdateItemResponse> Conditional(string set, string expected) => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = Key("k"), UpdateExpression = "SET v = :set", ConditionExpression = "v = :expected",
            ExpressionAttributeValues = new() { [":set"] = S(set), [":expected"] = S(expected) }, ReturnValues = ReturnValue.ALL_NEW,
        });
        // Queued behind v2: v3 (refused by the journal), then a write decided on v3 and one whose condition fails on v3.
        // Each is sent once the one before waits, so that they queue in this order.
        async Task<Task<UpdateItemResponse>> QueuedAsync(string set, string expected, int waiting)
        {
            var sent = Conditional(set, expected);
            await host.UntilWaitingAsync(table, "k", waiting);
            return sent;
        }
        var v3 = await QueuedAsync("v3", "v2", 1);
        var onV3 = await QueuedAsync("v4", "v3", 2);
        var failsOnV3 = await QueuedAsync("v5", "v2", 3);

        release.SetResult();
        await v2;
        // The three went to the journal as one write, which it refused: none may answer as if v3 had been kept.
        foreach (var queued in new[] { v3, onV3, failsOnV3 })
            await Assert.ThrowsAsync<InternalServerErrorException>(() => queued);
        Assert.Equal("v2", await ValueAsync(client, table, "k"));
        host.Faults.Heal();

        // Without a fault the same writes land, each on the one before.
        var hold = host.Faults.Add(JournalFault.ItemValue("v", "v2b"), JournalFaultKind.Delay, times: 1, gate: host.Faults.UntilHealed);
        var v2b = client.PutItemAsync(table, Valued("k", "v2b"));
        await UntilMatchedAsync(hold);
        var w3 = await QueuedAsync("w3", "v2b", 1);
        var w4 = await QueuedAsync("w4", "w3", 2);
        var stale = await QueuedAsync("w5", "v2b", 3);
        host.Faults.Heal();
        await v2b;
        Assert.Equal("w3", (await w3).Attributes["v"].S);
        Assert.Equal("w4", (await w4).Attributes["v"].S);
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => stale);
        Assert.Equal("w4", await ValueAsync(client, table, "k"));
    }

    public static TheoryData<string, JournalFaultKind> Writes => new()
    {
        { "PutItem", JournalFaultKind.Fail }, { "PutItem", JournalFaultKind.Reject },
        { "UpdateItem", JournalFaultKind.Fail }, { "UpdateItem", JournalFaultKind.Reject },
        { "DeleteItem", JournalFaultKind.Fail }, { "DeleteItem", JournalFaultKind.Reject },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_the_journal_does_not_keep_answers_500_changes_nothing_and_works_after_the_heal(string operation, JournalFaultKind kind)
    {
        var (client, table) = await TableAsync(operation.ToLowerInvariant());
        await client.PutItemAsync(table, Valued("k", "kept"));
        await client.PutItemAsync(table, Valued("other", "kept"));
        Func<Task> write = operation switch
        {
            "PutItem" => () => client.PutItemAsync(table, Valued("k", "new")),
            "UpdateItem" => () => client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table, Key = Key("k"), UpdateExpression = "SET v = :v", ExpressionAttributeValues = new() { [":v"] = S("new") },
            }),
            _ => () => client.DeleteItemAsync(table, Key("k")),
        };
        var fault = host.Faults.Add(JournalFault.PersistenceId(table + "@"), kind);

        await FailsWithInternalServerErrorAsync(write);
        Assert.Equal(1, fault.Matched);
        Assert.Equal("kept", await ValueAsync(client, table, "k"));
        Assert.Equal(2, (await ScanAsync(client, table)).Count);

        host.Faults.Heal();
        await EventuallyAsync(async () => { await write(); return true; });
        var expected = operation == "DeleteItem" ? null : "new";
        Assert.Equal(expected, await ValueAsync(client, table, "k"));

        await host.Fixture.RestartAsync();
        client = host.Client();
        Assert.Equal(expected, await ValueAsync(client, table, "k"));
        Assert.Equal("kept", await ValueAsync(client, table, "other"));
    }

    [Fact]
    public async Task A_batch_reports_the_writes_the_journal_did_not_keep_as_unprocessed_never_as_an_error()
    {
        var (client, table) = await TableAsync("batch");
        host.Faults.Add(JournalFault.ItemValue("v", "doomed"), JournalFaultKind.Reject);
        var requests = new[] { Valued("a", "ok"), Valued("b", "ok"), Valued("c", "doomed") }
            .Select(item => new WriteRequest(new PutRequest(item))).ToList();

        var answer = await client.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>> { [table] = requests });
        var unprocessed = Assert.Single(answer.UnprocessedItems[table]);
        Assert.Equal("c", unprocessed.PutRequest.Item["pk"].S);
        Assert.Equal("ok", await ValueAsync(client, table, "a"));
        Assert.Equal("ok", await ValueAsync(client, table, "b"));
        Assert.Null(await ValueAsync(client, table, "c"));

        // When no write was kept, the batch may say so: nothing was written.
        var allDoomed = new[] { Valued("d", "doomed"), Valued("e", "doomed") }.Select(item => new WriteRequest(new PutRequest(item))).ToList();
        await FailsWithInternalServerErrorAsync(() => client.BatchWriteItemAsync(new Dictionary<string, List<WriteRequest>> { [table] = allDoomed }));
        Assert.Equal(2, (await ScanAsync(client, table)).Count);

        host.Faults.Heal();
        var retried = await client.BatchWriteItemAsync(answer.UnprocessedItems);
        Assert.Empty(retried.UnprocessedItems);
        Assert.Equal("doomed", await ValueAsync(client, table, "c"));
    }

    static TransactWriteItemsRequest Transaction(string table, params (string Pk, string V)[] puts) => new()
    {
        TransactItems = [.. puts.Select(p => new TransactWriteItem { Put = new Put { TableName = table, Item = Valued(p.Pk, p.V) } })],
    };

    [Fact]
    public async Task A_transaction_whose_prepare_is_not_kept_answers_500_and_writes_nothing()
    {
        var (client, table) = await TableAsync("txprepare");
        var fault = host.Faults.Add(JournalFault.ItemValue("v", "doomed"), JournalFaultKind.Fail);
        var transaction = Transaction(table, ("x", "ok"), ("y", "doomed"), ("z", "ok"));

        var e = await Assert.ThrowsAsync<InternalServerErrorException>(() => client.TransactWriteItemsAsync(transaction));
        Assert.Equal("InternalServerError", e.ErrorCode);
        Assert.True(fault.Matched >= 1);
        Assert.Equal(0, (await ScanAsync(client, table)).Count);

        host.Faults.Heal();
        await EventuallyAsync(() => client.TransactWriteItemsAsync(transaction));
        Assert.Equal(3, (await ScanAsync(client, table)).Count);
        Assert.Equal("doomed", await ValueAsync(client, table, "y"));
    }

    [Fact]
    public async Task A_commit_the_journal_refuses_is_held_unseen_and_lands_after_the_heal()
    {
        var (client, table) = await TableAsync("txcommit");
        await client.PutItemAsync(table, Valued("x", "before"));
        var fault = host.Faults.Add(JournalFault.Event<TransactionCommitted>(), JournalFaultKind.Reject);

        var transaction = client.TransactWriteItemsAsync(Transaction(table, ("x", "after"), ("y", "after")));
        await UntilMatchedAsync(fault);
        // The decision is Commit, but no partition has it in its journal yet: nobody reads the transaction's writes.
        Assert.Equal("before", await ValueAsync(client, table, "x"));
        Assert.Null(await ValueAsync(client, table, "y"));
        Assert.False(transaction.IsCompleted);

        host.Faults.Heal();
        await transaction;
        Assert.Equal("after", await ValueAsync(client, table, "x"));
        Assert.Equal("after", await ValueAsync(client, table, "y"));

        await host.Fixture.RestartAsync();
        client = host.Client();
        Assert.Equal("after", await ValueAsync(client, table, "x"));
        Assert.Equal("after", await ValueAsync(client, table, "y"));
    }
}
