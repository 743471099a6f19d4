using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Region.Transactions;
using GlobalTables.Testing;

namespace GlobalTables.Api.Tests.Transactions;

/// <summary>Kills the region between the partitions' commits: after restart every write of the transaction is there.</summary>
public sealed class TransactionCrashTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    static AttributeValue S(string s) => new(s);
    static Dictionary<string, AttributeValue> Key(string pk) => new() { ["pk"] = S(pk) };

    [Fact]
    public async Task A_crash_between_the_partitions_commits_leaves_all_the_writes_after_restart()
    {
        var client = _fixture.Client();
        await ServerFixture.CreateTableAsync(client, "TxCrash");
        var keys = Enumerable.Range(0, 20).Select(i => "k" + i).ToList();
        var region = _fixture.Server.Regions.Single();
        var table = region.Tables.Find("TxCrash")!;
        string EntityOf(string pk) => table.PartitionEntityId(new Model.Items.ItemKey(Model.Attributes.AttributeValue.FromS(pk), null).PartitionOf(table.PartitionCount));
        var dropped = keys.Select(EntityOf).Distinct().Where((_, i) => i % 2 == 0).ToHashSet();
        var committedKeys = keys.Where(k => !dropped.Contains(EntityOf(k))).ToList();
        var droppedKeys = keys.Where(k => dropped.Contains(EntityOf(k))).ToList();
        Assert.NotEmpty(committedKeys);
        Assert.NotEmpty(droppedKeys);

        var sent = new TaskCompletionSource();
        var faults = TransactionsExtension.Get(region.System).Faults;
        faults.DropCommit = dropped.Contains;
        faults.OnCommitsSent = _ => sent.TrySetResult();
        var transaction = client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [.. keys.Select(k => new TransactWriteItem { Put = new Put { TableName = "TxCrash", Item = new() { ["pk"] = S(k), ["v"] = S("committed") } } })],
        });
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Between the commits: some partitions applied theirs, the others still hold the items locked.
        await WaitUntilAsync(async () => (await client.GetItemAsync(new GetItemRequest("TxCrash", Key(committedKeys[0])) { ConsistentRead = true })).IsItemSet == true);
        Assert.False((await client.GetItemAsync("TxCrash", Key(droppedKeys[0]))).IsItemSet);
        await Assert.ThrowsAsync<TransactionConflictException>(() => client.PutItemAsync("TxCrash", new() { ["pk"] = S(droppedKeys[0]) }));
        var read = await Assert.ThrowsAsync<TransactionCanceledException>(() => client.TransactGetItemsAsync(new TransactGetItemsRequest
        {
            TransactItems = [new TransactGetItem { Get = new Get { TableName = "TxCrash", Key = Key(droppedKeys[0]) } }],
        }));
        Assert.Equal("TransactionConflict", read.CancellationReasons.Single().Code);

        await _fixture.RestartAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => transaction);

        client = _fixture.Client();
        await WaitUntilAsync(async () => (await client.ScanAsync(new ScanRequest { TableName = "TxCrash", ConsistentRead = true })).Count == keys.Count);
        var items = (await client.ScanAsync(new ScanRequest { TableName = "TxCrash" })).Items;
        Assert.Equal(keys.Order(), items.Select(i => i["pk"].S).Order());
        Assert.All(items, i => Assert.Equal("committed", i["v"].S));
        await client.PutItemAsync("TxCrash", new() { ["pk"] = S(droppedKeys[0]), ["v"] = S("after") });
    }

    [Fact]
    public async Task A_crash_before_the_decision_leaves_none_of_the_writes_after_restart()
    {
        var client = _fixture.Client();
        await ServerFixture.CreateTableAsync(client, "TxUndecided");
        await client.PutItemAsync("TxUndecided", new() { ["pk"] = S("k0"), ["v"] = S("before") });
        var keys = Enumerable.Range(0, 20).Select(i => "k" + i).ToList();
        var region = _fixture.Server.Regions.Single();
        var table = region.Tables.Find("TxUndecided")!;
        string EntityOf(string pk) => table.PartitionEntityId(new Model.Items.ItemKey(Model.Attributes.AttributeValue.FromS(pk), null).PartitionOf(table.PartitionCount));
        var silent = EntityOf("k1");

        var sent = new TaskCompletionSource();
        var faults = TransactionsExtension.Get(region.System).Faults;
        faults.DropPrepare = e => e == silent;
        faults.OnPreparesSent = _ => sent.TrySetResult();
        var transaction = client.TransactWriteItemsAsync(new TransactWriteItemsRequest
        {
            TransactItems = [.. keys.Select(k => new TransactWriteItem { Put = new Put { TableName = "TxUndecided", Item = new() { ["pk"] = S(k), ["v"] = S("tx") } } })],
        });
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // The other partitions prepared and lock their items; the coordinator still waits for one vote.
        var prepared = keys.First(k => EntityOf(k) != silent && k != "k0");
        await WaitUntilAsync(async () =>
        {
            try { await client.PutItemAsync("TxUndecided", new() { ["pk"] = S(prepared) }); await client.DeleteItemAsync("TxUndecided", Key(prepared)); return false; }
            catch (TransactionConflictException) { return true; }
        });

        await _fixture.RestartAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => transaction);

        client = _fixture.Client();
        // Recovery aborts the undecided transaction and the partitions release their locks.
        await WaitUntilAsync(async () =>
        {
            try { await client.PutItemAsync("TxUndecided", new() { ["pk"] = S("probe"), ["v"] = S("p") }); } catch (TransactionConflictException) { return false; }
            try { await client.PutItemAsync("TxUndecided", new() { ["pk"] = S(prepared), ["v"] = S("free") }); return true; }
            catch (TransactionConflictException) { return false; }
        });
        var items = (await client.ScanAsync(new ScanRequest { TableName = "TxUndecided", ConsistentRead = true })).Items;
        Assert.DoesNotContain(items, i => i["v"].S == "tx");
        Assert.Equal("before", items.Single(i => i["pk"].S == "k0")["v"].S);
    }

    static Task WaitUntilAsync(Func<Task<bool>> condition) => Eventually.UntilAsync(condition, "condition not reached", TimeSpan.FromSeconds(20));
}
