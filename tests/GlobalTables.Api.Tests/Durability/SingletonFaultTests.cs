using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Testing;
using static GlobalTables.Api.Tests.Items.Av;
using static GlobalTables.Api.Tests.Durability.FaultyJournalHost;

namespace GlobalTables.Api.Tests.Durability;

/// <summary>
/// The region's singletons, the table catalog and the transaction coordinator, after their journal fails them: the
/// client hears InternalServerError at once, nothing changes, and the singleton comes back by itself, without a
/// restart of the region. Each test has a region of its own, since these faults reach the whole region.
/// </summary>
public sealed class SingletonFaultTests : IAsyncLifetime
{
    readonly FaultyJournalHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    static CreateTableRequest NewTable(string name) => new()
    {
        TableName = name,
        BillingMode = BillingMode.PAY_PER_REQUEST,
        AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
        KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
    };

    /// <summary>Breaks the next journal write of one actor, and asserts that the call it belonged to answers 500 at once.</summary>
    async Task FailsOnceAsync(string persistenceId, JournalFaultKind kind, Func<Task> call)
    {
        var fault = _host.Faults.Add(JournalFault.PersistenceId(persistenceId), kind, times: 1);
        await FailsWithInternalServerErrorAsync(call);
        Assert.Equal(1, fault.Matched);
    }

    public static TheoryData<JournalFaultKind> Kinds => new() { JournalFaultKind.Fail, JournalFaultKind.Reject };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_catalog_comes_back_after_a_CreateTable_its_journal_did_not_keep(JournalFaultKind kind)
    {
        var client = _host.Client();
        await FailsOnceAsync("catalog", kind, () => client.CreateTableAsync(NewTable("Lost")));
        // Not created: the catalog holds what its journal holds.
        var tables = await EventuallyAsync(() => client.ListTablesAsync());
        Assert.DoesNotContain("Lost", tables.TableNames ?? []);

        await EventuallyAsync(() => client.CreateTableAsync(NewTable("Lost")));
        await ServerFixture.WaitForStatusAsync(client, "Lost", TableStatus.ACTIVE);
        await client.PutItemAsync("Lost", Item(("pk", S("k"))));
        Assert.Equal(Show(Item(("pk", S("k")))), await ShowAsync(client, "Lost", Item(("pk", S("k")))));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_UpdateTable_its_journal_did_not_keep_changes_nothing_and_the_next_one_works(JournalFaultKind kind)
    {
        var client = _host.Client();
        await ServerFixture.CreateTableAsync(client, "Billing");
        var update = new UpdateTableRequest
        {
            TableName = "Billing", BillingMode = BillingMode.PROVISIONED,
            ProvisionedThroughput = new ProvisionedThroughput { ReadCapacityUnits = 5, WriteCapacityUnits = 7 },
        };

        await FailsOnceAsync("catalog", kind, () => client.UpdateTableAsync(update));
        var described = await EventuallyAsync(() => client.DescribeTableAsync("Billing"));
        Assert.Equal(BillingMode.PAY_PER_REQUEST, described.Table.BillingModeSummary.BillingMode);
        Assert.Equal(TableStatus.ACTIVE, described.Table.TableStatus);

        await EventuallyAsync(() => client.UpdateTableAsync(update));
        await ServerFixture.WaitForStatusAsync(client, "Billing", TableStatus.ACTIVE);
        described = await client.DescribeTableAsync("Billing");
        Assert.Equal(BillingMode.PROVISIONED, described.Table.BillingModeSummary.BillingMode);
        Assert.Equal(7, described.Table.ProvisionedThroughput.WriteCapacityUnits);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_transaction_coordinator_comes_back_after_a_write_its_journal_did_not_keep(JournalFaultKind kind)
    {
        var client = _host.Client();
        await ServerFixture.CreateTableAsync(client, "Orders");
        TransactWriteItemsRequest Transaction(string v) => new()
        {
            TransactItems = [.. new[] { "a", "b" }.Select(pk => new TransactWriteItem
            {
                Put = new Put { TableName = "Orders", Item = Item(("pk", S(pk)), ("v", S(v))) },
            })],
        };

        await FailsOnceAsync("transaction-coordinator", kind, () => client.TransactWriteItemsAsync(Transaction("lost")));
        var scan = await EventuallyAsync(() => client.ScanAsync(new ScanRequest { TableName = "Orders" }));
        Assert.Equal(0, scan.Count);

        // Every later transaction works again, without a restart.
        await EventuallyAsync(() => client.TransactWriteItemsAsync(Transaction("first")));
        await client.TransactWriteItemsAsync(Transaction("second"));
        scan = await client.ScanAsync(new ScanRequest { TableName = "Orders", ConsistentRead = true });
        Assert.Equal(["second", "second"], scan.Items.Select(i => i["v"].S));
    }
}
