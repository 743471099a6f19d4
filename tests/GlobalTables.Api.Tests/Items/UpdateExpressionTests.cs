using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static GlobalTables.Api.Tests.Items.Av;

namespace GlobalTables.Api.Tests.Items;

/// <summary>UpdateExpression clauses and UpdateItem's ReturnValues through the real SDK.</summary>
public sealed class UpdateExpressionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    /// <summary>A fresh table holding one item; returns the table and the item's key.</summary>
    async Task<(AmazonDynamoDBClient Client, string Table, Dictionary<string, AttributeValue> Key)> SeedAsync(
        string prefix, params (string Name, AttributeValue Value)[] attributes)
    {
        var client = fixture.Client();
        var table = UniqueName(prefix);
        await ServerFixture.CreateTableAsync(client, table, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        var key = Item(("pk", S("item")), ("sk", N("1")));
        if (attributes.Length > 0)
            await client.PutItemAsync(table, new Dictionary<string, AttributeValue>(key.Concat(Item(attributes))));
        return (client, table, key);
    }

    static Task<UpdateItemResponse> UpdateAsync(IAmazonDynamoDB client, string table, Dictionary<string, AttributeValue> key, string expression,
        Dictionary<string, AttributeValue>? values = null, Dictionary<string, string>? names = null, ReturnValue? returnValues = null) =>
        client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table, Key = key, UpdateExpression = expression,
            ExpressionAttributeValues = values, ExpressionAttributeNames = names, ReturnValues = returnValues,
        });

    [Fact]
    public async Task SET_with_plus_minus_if_not_exists_and_list_append_in_both_orders()
    {
        var (client, table, key) = await SeedAsync("set", ("n", N("10")), ("lst", L(S("b"), S("c"))), ("keep", S("kept")));
        await UpdateAsync(client, table, key,
            "SET n = n + :one, m = n - :half, fresh = if_not_exists(fresh, :zero), keep = if_not_exists(keep, :zero), " +
            "head = list_append(:a, lst), tail = list_append(lst, :d), calc = :one - n",
            new() { [":one"] = N("1"), [":half"] = N("0.5"), [":zero"] = N("0"), [":a"] = L(S("a")), [":d"] = L(S("d"), N("4")) });
        Assert.Equal(
            "{calc: N(-9), fresh: N(0), head: L[S(a), S(b), S(c)], keep: S(kept), lst: L[S(b), S(c)], " +
            "m: N(9.5), n: N(11), pk: S(item), sk: N(1), tail: L[S(b), S(c), S(d), N(4)]}",
            await ShowAsync(client, table, key));

        // Arithmetic keeps 38 digits exactly.
        await UpdateAsync(client, table, key, "SET big = :big + :small",
            new() { [":big"] = N("99999999999999999999999999999999999998"), [":small"] = N("1") });
        Assert.Equal("99999999999999999999999999999999999999", (await GetAsync(client, table, key))!["big"].N);
        await UpdateAsync(client, table, key, "SET tiny = :a - :b", new() { [":a"] = N("0.3"), [":b"] = N("0.1") });
        Assert.Equal("0.2", (await GetAsync(client, table, key))!["tiny"].N);
    }

    [Fact]
    public async Task UpdateItem_creates_an_absent_item_with_its_key_attributes()
    {
        var (client, table, key) = await SeedAsync("upsert");
        var r = await UpdateAsync(client, table, key, "SET v = if_not_exists(v, :zero) + :one, l = list_append(if_not_exists(l, :empty), :x)",
            new() { [":zero"] = N("0"), [":one"] = N("1"), [":empty"] = L(), [":x"] = L(S("x")) }, returnValues: ReturnValue.ALL_NEW);
        Assert.Equal("{l: L[S(x)], pk: S(item), sk: N(1), v: N(1)}", Show(r.Attributes));
        Assert.Equal("{l: L[S(x)], pk: S(item), sk: N(1), v: N(1)}", await ShowAsync(client, table, key));

        // UpdateItem with no UpdateExpression just creates the key-only item.
        var other = Item(("pk", S("bare")), ("sk", N("2")));
        await client.UpdateItemAsync(new UpdateItemRequest { TableName = table, Key = other });
        Assert.Equal("{pk: S(bare), sk: N(2)}", await ShowAsync(client, table, other));
    }

    [Fact]
    public async Task REMOVE_attributes_nested_members_and_list_elements_by_their_old_indexes()
    {
        var (client, table, key) = await SeedAsync("remove",
            ("a", S("x")), ("b", N("1")), ("lst", L(S("l0"), S("l1"), S("l2"), S("l3"), S("l4"))),
            ("m", M(("keep", N("1")), ("drop", N("2")), ("child", M(("deep", S("d")), ("stay", S("s")))))));
        await UpdateAsync(client, table, key, "REMOVE a, nowhere, lst[1], lst[3], m.#d, m.child.deep, lst[99]",
            names: new() { ["#d"] = "drop" });
        Assert.Equal("{b: N(1), lst: L[S(l0), S(l2), S(l4)], m: M{child: M{stay: S(s)}, keep: N(1)}, pk: S(item), sk: N(1)}",
            await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task ADD_to_numbers_and_sets_and_DELETE_from_sets_removing_them_when_empty()
    {
        var (client, table, key) = await SeedAsync("add-delete",
            ("count", N("5")), ("tags", SS("a", "b")), ("nums", NS("1", "2")), ("blobs", BS([1], [2])), ("gone", SS("only")));
        await UpdateAsync(client, table, key,
            "ADD #count :three, newCount :neg, tags :cd, nums :n23, blobs :b3, newSet :fresh DELETE gone :only",
            new()
            {
                [":three"] = N("3"), [":neg"] = N("-2.5"), [":cd"] = SS("c", "d", "a"), [":n23"] = NS("2", "3"), [":b3"] = BS([3]),
                [":fresh"] = SS("z"), [":only"] = SS("only", "notThere"),
            },
            names: new() { ["#count"] = "count" });
        Assert.Equal(
            "{blobs: BS[AQ==, Ag==, Aw==], count: N(8), newCount: N(-2.5), newSet: SS[z], nums: NS[1, 2, 3], pk: S(item), sk: N(1), tags: SS[a, b, c, d]}",
            await ShowAsync(client, table, key));

        await UpdateAsync(client, table, key, "DELETE tags :ab, nums :n13, blobs :b12, absent :ab",
            new() { [":ab"] = SS("a", "b"), [":n13"] = NS("1", "3"), [":b12"] = BS([1], [2]) });
        Assert.Equal(
            "{blobs: BS[Aw==], count: N(8), newCount: N(-2.5), newSet: SS[z], nums: NS[2], pk: S(item), sk: N(1), tags: SS[c, d]}",
            await ShowAsync(client, table, key));

        await UpdateAsync(client, table, key, "DELETE tags :cd, nums :n2, blobs :b3",
            new() { [":cd"] = SS("c", "d"), [":n2"] = NS("2"), [":b3"] = BS([3]) });
        Assert.Equal("{count: N(8), newCount: N(-2.5), newSet: SS[z], pk: S(item), sk: N(1)}", await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task Nested_paths_and_list_indexes_are_set_in_place_and_past_the_end_appends()
    {
        var (client, table, key) = await SeedAsync("nested",
            ("doc", M(("lst", L(M(("v", N("1"))), M(("v", N("2"))))), ("meta", M(("name", S("old")))))),
            ("matrix", L(L(N("1"), N("2")), L(N("3")))));
        await UpdateAsync(client, table, key,
            "SET doc.lst[1].v = doc.lst[1].v + :ten, doc.meta.#name = :new, doc.meta.added = :m, matrix[1][0] = :x, matrix[0][5] = :end, doc.lst[7] = :appended",
            new() { [":ten"] = N("10"), [":new"] = S("new"), [":m"] = M(("k", L(Null()))), [":x"] = S("x"), [":end"] = S("end"), [":appended"] = S("app") },
            new() { ["#name"] = "name" });
        Assert.Equal(
            "{doc: M{lst: L[M{v: N(1)}, M{v: N(12)}, S(app)], meta: M{added: M{k: L[NULL]}, name: S(new)}}, " +
            "matrix: L[L[N(1), N(2), S(end)], L[S(x)]], pk: S(item), sk: N(1)}",
            await ShowAsync(client, table, key));

        // A path through a missing parent is invalid, and nothing changes.
        var before = await ShowAsync(client, table, key);
        var ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => UpdateAsync(client, table, key, "SET nope.child = :v", new() { [":v"] = N("1") }));
        Assert.Equal("The document path provided in the update expression is invalid for update", ex.Message);
        Assert.Equal("ValidationException", ex.ErrorCode);
        ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => UpdateAsync(client, table, key, "SET doc.meta[0] = :v", new() { [":v"] = N("1") }));
        Assert.Equal("The document path provided in the update expression is invalid for update", ex.Message);
        Assert.Equal(before, await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task Several_clauses_together_all_see_the_item_as_it_was_before_the_update()
    {
        var (client, table, key) = await SeedAsync("clauses", ("a", N("1")), ("b", N("2")), ("s", SS("x", "y")), ("gone", S("bye")), ("c", N("0")));
        await UpdateAsync(client, table, key, "SET a = b, b = a, d = :d REMOVE gone ADD c :five DELETE s :x",
            new() { [":five"] = N("5"), [":x"] = SS("x"), [":d"] = S("dee") });
        Assert.Equal("{a: N(2), b: N(1), c: N(5), d: S(dee), pk: S(item), s: SS[y], sk: N(1)}", await ShowAsync(client, table, key));
    }

    [Fact]
    public async Task ReturnValues_NONE_ALL_OLD_UPDATED_OLD_ALL_NEW_and_UPDATED_NEW()
    {
        var (client, table, key) = await SeedAsync("returns", ("a", N("1")), ("m", M(("x", N("1")), ("y", N("2")))), ("untouched", S("u")), ("r", S("bye")));
        var values = new Dictionary<string, AttributeValue> { [":one"] = N("1") };

        var none = await UpdateAsync(client, table, key, "SET a = a + :one", values, returnValues: ReturnValue.NONE);
        Assert.Null(none.Attributes);
        var byDefault = await UpdateAsync(client, table, key, "SET a = a + :one", values);
        Assert.Null(byDefault.Attributes);

        var allOld = await UpdateAsync(client, table, key, "SET a = a + :one", values, returnValues: ReturnValue.ALL_OLD);
        Assert.Equal("{a: N(3), m: M{x: N(1), y: N(2)}, pk: S(item), r: S(bye), sk: N(1), untouched: S(u)}", Show(allOld.Attributes));

        var updatedOld = await UpdateAsync(client, table, key, "SET a = a + :one, m.x = :one, added = :one REMOVE r", values, returnValues: ReturnValue.UPDATED_OLD);
        Assert.Equal("{a: N(4), m: M{x: N(1)}, r: S(bye)}", Show(updatedOld.Attributes));

        var allNew = await UpdateAsync(client, table, key, "SET a = a + :one", values, returnValues: ReturnValue.ALL_NEW);
        Assert.Equal("{a: N(6), added: N(1), m: M{x: N(1), y: N(2)}, pk: S(item), sk: N(1), untouched: S(u)}", Show(allNew.Attributes));

        var updatedNew = await UpdateAsync(client, table, key, "SET a = a + :one, m.y = :one, brandNew = :one REMOVE untouched", values, returnValues: ReturnValue.UPDATED_NEW);
        Assert.Equal("{a: N(7), brandNew: N(1), m: M{y: N(1)}}", Show(updatedNew.Attributes));

        // UPDATED_OLD of an item that did not exist returns nothing.
        var fresh = await UpdateAsync(client, table, Item(("pk", S("new")), ("sk", N("9"))), "SET a = :one", values, returnValues: ReturnValue.UPDATED_OLD);
        Assert.Null(fresh.Attributes);
    }

    [Fact]
    public async Task PutItem_and_DeleteItem_return_the_old_item_with_ALL_OLD()
    {
        var (client, table, key) = await SeedAsync("put-old");
        var first = await client.PutItemAsync(new PutItemRequest
        {
            TableName = table, Item = Item(("pk", S("item")), ("sk", N("1")), ("v", S("one"))), ReturnValues = ReturnValue.ALL_OLD,
        });
        Assert.Null(first.Attributes);
        var second = await client.PutItemAsync(new PutItemRequest
        {
            TableName = table, Item = Item(("pk", S("item")), ("sk", N("1")), ("v", S("two"))), ReturnValues = ReturnValue.ALL_OLD,
        });
        Assert.Equal("{pk: S(item), sk: N(1), v: S(one)}", Show(second.Attributes));
        var noneReturned = await client.PutItemAsync(new PutItemRequest
        {
            TableName = table, Item = Item(("pk", S("item")), ("sk", N("1")), ("v", S("three"))), ReturnValues = ReturnValue.NONE,
        });
        Assert.Null(noneReturned.Attributes);

        var deleted = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = key, ReturnValues = ReturnValue.ALL_OLD });
        Assert.Equal("{pk: S(item), sk: N(1), v: S(three)}", Show(deleted.Attributes));
        var again = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = key, ReturnValues = ReturnValue.ALL_OLD });
        Assert.Null(again.Attributes);
    }

    [Fact]
    public async Task Update_errors_found_while_applying_leave_the_item_unchanged()
    {
        var (client, table, key) = await SeedAsync("apply-errors", ("s", S("text")), ("n", N("1")), ("ss", SS("a")), ("l", L(N("1"))));
        var before = await ShowAsync(client, table, key);

        async Task ExpectAsync(string expression, Dictionary<string, AttributeValue>? values, string message)
        {
            var ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => UpdateAsync(client, table, key, expression, values));
            Assert.Equal("ValidationException", ex.ErrorCode);
            Assert.Equal(message, ex.Message);
            Assert.Equal(before, await ShowAsync(client, table, key));
        }

        await ExpectAsync("SET n = s + :one", new() { [":one"] = N("1") }, "An operand in the update expression has an incorrect data type");
        await ExpectAsync("ADD s :one", new() { [":one"] = N("1") }, "An operand in the update expression has an incorrect data type");
        await ExpectAsync("ADD ss :n", new() { [":n"] = NS("1") }, "An operand in the update expression has an incorrect data type");
        await ExpectAsync("DELETE n :a", new() { [":a"] = SS("a") }, "An operand in the update expression has an incorrect data type");
        await ExpectAsync("SET l = list_append(l, s)", null, "An operand in the update expression has an incorrect data type");
        await ExpectAsync("SET l = list_append(n, l)", null, "An operand in the update expression has an incorrect data type");
        await ExpectAsync("SET n = nowhere + :one", new() { [":one"] = N("1") }, "The provided expression refers to an attribute that does not exist in the item");
        await ExpectAsync("SET n = :big + :big", new() { [":big"] = N("9E+125") }, "Number overflow. Attempting to store a number with magnitude larger than supported range");
        await ExpectAsync("SET n = :a + :b", new() { [":a"] = N("1E+30"), [":b"] = N("1E-30") }, "Attempting to store more than 38 significant digits in a Number");
    }
}
