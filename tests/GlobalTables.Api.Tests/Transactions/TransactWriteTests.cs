using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Transactions;

public sealed class TransactWriteTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static AttributeValue S(string s) => new(s);
    static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };
    static Dictionary<string, AttributeValue> Key(string pk) => new() { ["pk"] = S(pk) };

    static TransactWriteItem Put(string table, string pk, string v, string? condition = null) => new()
    {
        Put = new Put { TableName = table, Item = new() { ["pk"] = S(pk), ["v"] = S(v) }, ConditionExpression = condition },
    };

    [Fact]
    public async Task Twenty_five_actions_across_partitions_commit_together_or_leave_no_write_behind()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "TxAll");
        await client.PutItemAsync("TxAll", new() { ["pk"] = S("guard"), ["n"] = N(1) });
        await client.PutItemAsync("TxAll", new() { ["pk"] = S("doomed"), ["v"] = S("old") });

        var failing = Enumerable.Range(0, 23).Select(i => Put("TxAll", "k" + i, "first")).ToList();
        failing.Add(new TransactWriteItem { Delete = new Delete { TableName = "TxAll", Key = Key("doomed") } });
        failing.Insert(7, new TransactWriteItem
        {
            ConditionCheck = new ConditionCheck
            {
                TableName = "TxAll",
                Key = Key("guard"),
                ConditionExpression = "n = :two",
                ExpressionAttributeValues = new() { [":two"] = N(2) },
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            },
        });
        Assert.Equal(25, failing.Count);
        var cancelled = await Assert.ThrowsAsync<TransactionCanceledException>(() =>
            client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = failing }));
        Assert.Equal(25, cancelled.CancellationReasons.Count);
        Assert.Equal("ConditionalCheckFailed", cancelled.CancellationReasons[7].Code);
        Assert.Equal("1", cancelled.CancellationReasons[7].Item["n"].N);
        Assert.All(cancelled.CancellationReasons.Where((_, i) => i != 7), r => Assert.Equal("None", r.Code));
        Assert.Contains("[None, None, None, None, None, None, None, ConditionalCheckFailed, None", cancelled.Message);

        var scan = await client.ScanAsync(new ScanRequest { TableName = "TxAll" });
        Assert.Equal(["doomed", "guard"], scan.Items.Select(i => i["pk"].S).Order());

        // The same 25 actions with a condition that holds commit, in every partition they touch.
        failing[7].ConditionCheck.ExpressionAttributeValues[":two"] = N(1);
        await client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = failing });
        var after = await client.ScanAsync(new ScanRequest { TableName = "TxAll" });
        Assert.Equal(24, after.Count);
        Assert.DoesNotContain(after.Items, i => i["pk"].S == "doomed");

        // Written items are locked only while their transaction runs; a plain write works afterwards.
        await client.PutItemAsync("TxAll", new() { ["pk"] = S("k0"), ["v"] = S("later") });
    }

    [Fact]
    public async Task Update_delete_and_condition_check_act_on_items_in_one_transaction()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "TxKinds");
        await client.PutItemAsync("TxKinds", new() { ["pk"] = S("account-a"), ["balance"] = N(100) });
        await client.PutItemAsync("TxKinds", new() { ["pk"] = S("account-b"), ["balance"] = N(0) });
        await client.PutItemAsync("TxKinds", new() { ["pk"] = S("old"), ["v"] = S("x") });

        TransactWriteItem Move(string pk, long amount) => new()
        {
            Update = new Update
            {
                TableName = "TxKinds",
                Key = Key(pk),
                UpdateExpression = "SET balance = balance + :amount",
                ConditionExpression = "balance >= :least",
                ExpressionAttributeValues = new() { [":amount"] = N(amount), [":least"] = N(Math.Max(0, -amount)) },
            },
        };
        var response = await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [Move("account-a", -30), Move("account-b", 30), new TransactWriteItem { Delete = new Delete { TableName = "TxKinds", Key = Key("old") } }],
            ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL,
        });
        Assert.Equal(6, response.ConsumedCapacity.Single().CapacityUnits);
        Assert.Equal("70", (await client.GetItemAsync("TxKinds", Key("account-a"))).Item["balance"].N);
        Assert.Equal("30", (await client.GetItemAsync("TxKinds", Key("account-b"))).Item["balance"].N);
        Assert.False((await client.GetItemAsync("TxKinds", Key("old"))).IsItemSet);

        var errors = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [Move("account-a", -1), Move("account-a", -2)],
        }));
        Assert.Equal("Transaction request cannot include multiple operations on one item", errors.Message);
    }

    [Fact]
    public async Task ClientRequestToken_makes_a_retry_idempotent_and_a_changed_request_a_mismatch()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "TxToken");
        TransactWriteItemsRequest Increment(string token, long by) => new()
        {
            ClientRequestToken = token,
            TransactItems =
            [
                new TransactWriteItem
                {
                    Update = new Update { TableName = "TxToken", Key = Key("counter"), UpdateExpression = "ADD n :by", ExpressionAttributeValues = new() { [":by"] = N(by) } },
                },
            ],
        };
        await client.TransactWriteItemsAsync(Increment("token-1", 1));
        await client.TransactWriteItemsAsync(Increment("token-1", 1));
        Assert.Equal("1", (await client.GetItemAsync("TxToken", Key("counter"))).Item["n"].N);

        await Assert.ThrowsAsync<IdempotentParameterMismatchException>(() => client.TransactWriteItemsAsync(Increment("token-1", 5)));
        await client.TransactWriteItemsAsync(Increment("token-2", 1));
        Assert.Equal("2", (await client.GetItemAsync("TxToken", Key("counter"))).Item["n"].N);
    }

    [Fact]
    public async Task Two_transactions_racing_on_one_item_never_both_apply_and_the_loser_sees_a_conflict()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "TxRace");
        await client.PutItemAsync("TxRace", new() { ["pk"] = S("hot"), ["n"] = N(0) });
        int committed = 0, conflicts = 0;

        async Task RunAsync(int worker)
        {
            for (int i = 0; i < 40; i++)
            {
                try
                {
                    await client.TransactWriteItemsAsync(new TransactWriteItemsRequest
                    {
                        TransactItems =
                        [
                            new TransactWriteItem
                            {
                                Update = new Update { TableName = "TxRace", Key = Key("hot"), UpdateExpression = "ADD n :one", ExpressionAttributeValues = new() { [":one"] = N(1) } },
                            },
                            Put("TxRace", $"side-{worker}-{i}", "x"),
                        ],
                    });
                    Interlocked.Increment(ref committed);
                }
                catch (TransactionCanceledException e)
                {
                    Assert.Equal("TransactionConflict", e.CancellationReasons[0].Code);
                    Assert.Equal("None", e.CancellationReasons[1].Code);
                    Interlocked.Increment(ref conflicts);
                }
            }
        }
        await Task.WhenAll(RunAsync(1), RunAsync(2));

        Assert.Equal(80, committed + conflicts);
        Assert.Equal(committed.ToString(CultureInfo.InvariantCulture), (await client.GetItemAsync("TxRace", Key("hot"))).Item["n"].N);
        var sides = await client.ScanAsync(new ScanRequest { TableName = "TxRace", Select = Select.COUNT });
        Assert.Equal(committed + 1, sides.Count);
    }

    [Fact]
    public async Task TransactGetItems_reads_several_tables_and_partitions_in_request_order()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "TxGetA");
        await ServerFixture.CreateTableAsync(client, "TxGetB");
        for (int i = 0; i < 5; i++)
        {
            await client.PutItemAsync("TxGetA", new() { ["pk"] = S("a" + i), ["v"] = N(i), ["w"] = S("x") });
            await client.PutItemAsync("TxGetB", new() { ["pk"] = S("b" + i), ["v"] = N(10 + i) });
        }
        var r = await client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems =
            [
                new TransactGetItem { Get = new Get { TableName = "TxGetB", Key = Key("b3") } },
                new TransactGetItem { Get = new Get { TableName = "TxGetA", Key = Key("a1"), ProjectionExpression = "v" } },
                new TransactGetItem { Get = new Get { TableName = "TxGetA", Key = Key("missing") } },
                new TransactGetItem { Get = new Get { TableName = "TxGetA", Key = Key("a4") } },
            ],
        });
        Assert.Equal("13", r.Responses[0].Item["v"].N);
        Assert.Equal(["v"], r.Responses[1].Item.Keys);
        Assert.True(r.Responses[2].Item is null || r.Responses[2].Item.Count == 0);
        Assert.Equal("4", r.Responses[3].Item["v"].N);
    }
}
