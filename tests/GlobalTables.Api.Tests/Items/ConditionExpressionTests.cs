using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static GlobalTables.Api.Tests.Items.Av;

namespace GlobalTables.Api.Tests.Items;

/// <summary>ConditionExpression on PutItem, UpdateItem and DeleteItem through the real SDK.</summary>
public sealed class ConditionExpressionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static readonly Dictionary<string, AttributeValue> Doc = Item(
        ("pk", S("doc")),
        ("n", N("10")),
        ("s", S("banana")),
        ("b", B(1, 2, 3)),
        ("flag", Bool(true)),
        ("nothing", Null()),
        ("tags", SS("red", "green")),
        ("nums", NS("1", "2", "3")),
        ("blobs", BS([1], [2])),
        ("lst", L(S("a"), N("5"), M(("x", N("1"))))),
        ("mp", M(("nest", M(("v", N("7")))), ("name", S("Zed")))),
        ("status", S("active")));

    static readonly string[] Holding =
    [
        "n = :ten", "n <> :five", "n < :eleven", "n <= :ten", "n > :five", "n >= :ten",
        "s = :banana", "s < :cherry", "s > :apple", "b = :b123", "b < :b2",
        "n BETWEEN :five AND :ten", "n BETWEEN :ten AND :ten", "s BETWEEN :apple AND :cherry",
        "n IN (:one, :five, :ten)", "s IN (:banana)",
        "attribute_exists(n)", "attribute_exists(mp.nest.v)", "attribute_exists(lst[2].x)",
        "attribute_not_exists(nowhere)", "attribute_not_exists(mp.nest.nope)", "attribute_not_exists(lst[9])",
        "attribute_type(n, :typeN)", "attribute_type(tags, :typeSS)", "attribute_type(nothing, :typeNULL)",
        "attribute_type(mp, :typeM)", "attribute_type(lst, :typeL)", "attribute_type(flag, :typeBOOL)",
        "begins_with(s, :ban)", "begins_with(b, :b12)",
        "contains(s, :nan)", "contains(tags, :red)", "contains(nums, :one)", "contains(blobs, :b1)", "contains(lst, :a)", "contains(lst, :five)",
        "size(s) = :six", "size(tags) = :two", "size(lst) = :three", "size(mp) = :two", "size(b) = :three", "size(s) > size(tags)",
        "mp.nest.v = :seven", "lst[1] = :five", "lst[2].x = :one", "#st = :active", "mp.#nm = :zed",
        "flag = :true", "n <> s", "nowhere <> :ten",
        "NOT n = :five", "n = :ten AND s = :banana", "n = :five OR s = :banana",
        // AND binds tighter than OR: true OR (false AND false).
        "n = :ten OR n = :five AND s = :apple",
        "(n = :ten OR n = :five) AND s = :banana",
        "NOT (n = :five AND s = :banana)",
        "NOT NOT attribute_exists(n)",
        "NOT n = :five AND NOT s = :apple",
    ];

    static readonly string[] Failing =
    [
        "n = :five", "n <> :ten", "n < :ten", "n <= :five", "n > :ten", "n >= :eleven",
        "s = :apple", "n = :tenString", "n < :tenString", "nowhere = :ten", "nowhere < :ten",
        "n BETWEEN :eleven AND :twenty", "s BETWEEN :one AND :ten", "n IN (:one, :five)", "nowhere IN (:ten)",
        "attribute_exists(nowhere)", "attribute_exists(mp.nest.nope)", "attribute_not_exists(n)",
        "attribute_type(n, :typeS)", "attribute_type(nowhere, :typeS)",
        "begins_with(s, :nan)", "begins_with(n, :ban)",
        "contains(s, :apple)", "contains(tags, :blue)", "contains(lst, :one)", "contains(n, :one)",
        "size(s) = :five", "size(nowhere) = :zero", "size(n) = :two",
        "mp.nest.v = :ten", "lst[0] = :five", "flag = :false",
        "NOT n = :ten", "n = :five AND s = :banana", "n = :five OR s = :apple",
        // Without the parentheses this would hold (see Holding); with them it does not.
        "(n = :ten OR n = :five) AND s = :apple",
        "NOT attribute_exists(n) OR n = :five",
    ];

    static Dictionary<string, AttributeValue> Values() => new()
    {
        [":zero"] = N("0"), [":one"] = N("1"), [":two"] = N("2"), [":three"] = N("3"), [":five"] = N("5"), [":six"] = N("6"),
        [":seven"] = N("7"), [":ten"] = N("10.0"), [":eleven"] = N("11"), [":twenty"] = N("20"), [":tenString"] = S("10"),
        [":apple"] = S("apple"), [":banana"] = S("banana"), [":cherry"] = S("cherry"), [":ban"] = S("ban"), [":nan"] = S("nan"),
        [":red"] = S("red"), [":blue"] = S("blue"), [":a"] = S("a"), [":zed"] = S("Zed"), [":active"] = S("active"),
        [":b123"] = B(1, 2, 3), [":b2"] = B(2), [":b12"] = B(1, 2), [":b1"] = B(1),
        [":typeN"] = S("N"), [":typeS"] = S("S"), [":typeSS"] = S("SS"), [":typeNULL"] = S("NULL"), [":typeM"] = S("M"),
        [":typeL"] = S("L"), [":typeBOOL"] = S("BOOL"), [":true"] = Bool(true), [":false"] = Bool(false),
    };

    /// <summary>Only the placeholders the expression uses, since unused ones are an error.</summary>
    static (Dictionary<string, AttributeValue>? Values, Dictionary<string, string>? Names) For(string expression)
    {
        var values = Values().Where(p => ContainsToken(expression, p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var names = new Dictionary<string, string> { ["#st"] = "status", ["#nm"] = "name" }
            .Where(p => ContainsToken(expression, p.Key)).ToDictionary(p => p.Key, p => p.Value);
        return (values.Count == 0 ? null : values, names.Count == 0 ? null : names);
    }

    static bool ContainsToken(string expression, string token)
    {
        for (int i = expression.IndexOf(token, StringComparison.Ordinal); i >= 0; i = expression.IndexOf(token, i + 1, StringComparison.Ordinal))
        {
            int end = i + token.Length;
            if (end == expression.Length || !(char.IsLetterOrDigit(expression[end]) || expression[end] == '_')) return true;
        }
        return false;
    }

    [Fact]
    public async Task Conditions_that_hold_let_the_write_through_and_conditions_that_fail_leave_the_item_unchanged()
    {
        var client = fixture.Client();
        var table = UniqueName("conditions");
        await ServerFixture.CreateTableAsync(client, table);
        await client.PutItemAsync(table, Doc);
        var key = Item(("pk", S("doc")));
        int tally = 0;

        var wronglyFailed = new List<string>();
        foreach (var expression in Holding)
        {
            var (values, names) = For(expression);
            var request = new UpdateItemRequest
            {
                TableName = table,
                Key = key,
                UpdateExpression = "SET tally = :c",
                ConditionExpression = expression,
                ExpressionAttributeValues = new(values ?? []) { [":c"] = N((++tally).ToString()) },
                ExpressionAttributeNames = names,
            };
            try { await client.UpdateItemAsync(request); }
            catch (ConditionalCheckFailedException) { wronglyFailed.Add(expression); }
        }
        Assert.Empty(wronglyFailed);
        var afterHolding = await GetAsync(client, table, key);
        Assert.Equal(tally.ToString(), afterHolding!["tally"].N);

        var wronglyHeld = new List<string>();
        foreach (var expression in Failing)
        {
            var (values, names) = For(expression);
            var ex = await Record.ExceptionAsync(() => client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = table,
                Key = key,
                UpdateExpression = "SET tally = :c",
                ConditionExpression = expression,
                ExpressionAttributeValues = new(values ?? []) { [":c"] = N("-1") },
                ExpressionAttributeNames = names,
            }));
            if (ex is null) { wronglyHeld.Add(expression); continue; }
            var failed = Assert.IsType<ConditionalCheckFailedException>(ex);
            Assert.Equal("The conditional request failed", failed.Message);
            Assert.Equal("ConditionalCheckFailedException", failed.ErrorCode);
        }
        Assert.Empty(wronglyHeld);
        Assert.Equal(Show(afterHolding), await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task PutItem_with_attribute_not_exists_creates_once_and_then_fails()
    {
        var client = fixture.Client();
        var table = UniqueName("create-once");
        await ServerFixture.CreateTableAsync(client, table);
        var request = new PutItemRequest
        {
            TableName = table,
            Item = Item(("pk", S("once")), ("v", N("1"))),
            ConditionExpression = "attribute_not_exists(pk)",
        };
        await client.PutItemAsync(request);
        request.Item = Item(("pk", S("once")), ("v", N("2")));
        var ex = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(request));
        Assert.Equal("The conditional request failed", ex.Message);
        Assert.Null(ex.Item);
        Assert.Equal("{pk: S(once), v: N(1)}", await ShowAsync(client, table, Item(("pk", S("once")))));
    }

    [Fact]
    public async Task A_condition_on_an_absent_item_sees_no_attributes()
    {
        var client = fixture.Client();
        var table = UniqueName("absent");
        await ServerFixture.CreateTableAsync(client, table);
        var key = Item(("pk", S("ghost")));

        var ex = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = table, Key = key, ConditionExpression = "attribute_exists(pk)",
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));
        Assert.Equal("The conditional request failed", ex.Message);
        Assert.Null(ex.Item);

        // An update with attribute_not_exists creates the item.
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = key, UpdateExpression = "SET v = :v", ConditionExpression = "attribute_not_exists(v) AND NOT v = :v",
            ExpressionAttributeValues = new() { [":v"] = N("1") },
        });
        Assert.Equal("{pk: S(ghost), v: N(1)}", await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task ReturnValuesOnConditionCheckFailure_ALL_OLD_returns_the_current_item_on_every_write_operation()
    {
        var client = fixture.Client();
        var table = UniqueName("cc-old");
        await ServerFixture.CreateTableAsync(client, table);
        var key = Item(("pk", S("k")));
        var stored = Item(("pk", S("k")), ("v", N("1")), ("m", M(("a", SS("x")))));
        await client.PutItemAsync(table, stored);
        var values = new Dictionary<string, AttributeValue> { [":two"] = N("2") };

        var put = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
        {
            TableName = table, Item = Item(("pk", S("k"))), ConditionExpression = "v = :two", ExpressionAttributeValues = values,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));
        Assert.Equal("The conditional request failed", put.Message);
        Assert.Equal(Show(stored), Show(put.Item));

        var update = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = key, UpdateExpression = "SET v = :two", ConditionExpression = "v = :two", ExpressionAttributeValues = values,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));
        Assert.Equal(Show(stored), Show(update.Item));

        var delete = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = table, Key = key, ConditionExpression = "v = :two", ExpressionAttributeValues = values,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        }));
        Assert.Equal(Show(stored), Show(delete.Item));

        // NONE (the default) returns no item.
        var none = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = table, Key = key, ConditionExpression = "v = :two", ExpressionAttributeValues = values,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.NONE,
        }));
        Assert.Null(none.Item);
        Assert.Equal(Show(stored), await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task DeleteItem_with_a_holding_condition_deletes()
    {
        var client = fixture.Client();
        var table = UniqueName("cond-delete");
        await ServerFixture.CreateTableAsync(client, table);
        var key = Item(("pk", S("k")));
        await client.PutItemAsync(table, Item(("pk", S("k")), ("v", N("3"))));
        var deleted = await client.DeleteItemAsync(new DeleteItemRequest
        {
            TableName = table, Key = key, ConditionExpression = "v BETWEEN :lo AND :hi",
            ExpressionAttributeValues = new() { [":lo"] = N("1"), [":hi"] = N("5") }, ReturnValues = ReturnValue.ALL_OLD,
        });
        Assert.Equal("{pk: S(k), v: N(3)}", Show(deleted.Attributes));
        Assert.Null(await GetAsync(client, table, key));
    }
}
