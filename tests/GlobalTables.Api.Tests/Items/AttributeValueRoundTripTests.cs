using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static GlobalTables.Api.Tests.Items.Av;

namespace GlobalTables.Api.Tests.Items;

/// <summary>Every AttributeValue type written with PutItem and read back with GetItem through the real SDK.</summary>
public sealed class AttributeValueRoundTripTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Every_attribute_value_type_round_trips_through_PutItem_and_GetItem()
    {
        var client = fixture.Client();
        var table = UniqueName("types");
        await ServerFixture.CreateTableAsync(client, table);
        var item = Item(
            ("pk", S("all-types")),
            ("s", S("héllo wörld ✓")),
            ("n", N("42")),
            ("b", B(0, 1, 2, 254, 255)),
            ("t", Bool(true)),
            ("f", Bool(false)),
            ("nul", Null()),
            ("ss", SS("b", "a", "c")),
            ("ns", NS("3", "1.5", "-2")),
            ("bs", BS([1], [2, 3], [255])),
            ("l", L(S("x"), N("1"), Bool(false), Null(), L(N("2"), L()), M(("k", S("v"))))),
            ("m", M(
                ("inner", M(("deep", M(("deeper", L(S("bottom"), SS("p", "q"))))))),
                ("list", L(M(("a", N("1"))), M(("a", N("2"))))),
                ("empty", M()),
                ("bin", B(9)))),
            ("emptyString", S("")),
            ("emptyList", L()),
            // Empty strings and binaries are allowed inside sets (only empty sets are not).
            ("ssWithEmpty", SS("", "x")),
            ("bsWithEmpty", BS([], [7])));
        await client.PutItemAsync(table, item);

        var get = await client.GetItemAsync(new GetItemRequest { TableName = table, Key = Item(("pk", S("all-types"))), ConsistentRead = true });
        Assert.True(get.IsItemSet);
        Assert.Equal(Show(item), Show(get.Item));
        Assert.Equal("héllo wörld ✓", get.Item["s"].S);
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, get.Item["b"].B.ToArray());
        Assert.True(get.Item["t"].BOOL);
        Assert.False(get.Item["f"].BOOL);
        Assert.True(get.Item["nul"].NULL);
        Assert.Equal("bottom", get.Item["m"].M["inner"].M["deep"].M["deeper"].L[0].S);
        Assert.Empty(get.Item["m"].M["empty"].M);
        Assert.Empty(get.Item["emptyList"].L);
        Assert.Equal("", get.Item["emptyString"].S);
    }

    [Theory]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("-12345678901234567890123456789012345678", "-12345678901234567890123456789012345678")]
    [InlineData("0.12345678901234567890123456789012345678", "0.12345678901234567890123456789012345678")]
    [InlineData("1.50", "1.5")]
    [InlineData("-0", "0")]
    [InlineData("0.000", "0")]
    [InlineData("007", "7")]
    [InlineData("+5", "5")]
    [InlineData("1e2", "100")]
    [InlineData("1.25E+1", "12.5")]
    [InlineData("125E-2", "1.25")]
    [InlineData("1E-130", "0.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001")]
    [InlineData("9.9999999999999999999999999999999999999E+125", "999999999999999999999999999999999999990000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("-1E+125", "-100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("1000000000000000000000000000000000000000000000000", "1000000000000000000000000000000000000000000000000")]
    public async Task Numbers_keep_38_digits_and_are_normalised(string written, string read)
    {
        var client = fixture.Client();
        var table = await NumberTableAsync(client);
        var key = Item(("pk", S("n:" + written)));
        await client.PutItemAsync(table, Item(("pk", S("n:" + written)), ("v", N(written)), ("set", NS(written, "7.77"))));
        var got = await GetAsync(client, table, key);
        Assert.NotNull(got);
        Assert.Equal(read, got["v"].N);
        Assert.Contains(read, got["set"].NS);
    }

    [Fact]
    public async Task Number_and_binary_keys_round_trip_and_address_the_same_item_in_any_spelling()
    {
        var client = fixture.Client();
        var numeric = UniqueName("numkey");
        await ServerFixture.CreateTableAsync(client, numeric, "id", ScalarAttributeType.N, "sk", ScalarAttributeType.B);
        await client.PutItemAsync(numeric, Item(("id", N("1.50")), ("sk", B(1, 2)), ("v", S("first"))));
        // 1.5 and 15E-1 are the same number, so this overwrites the same item.
        await client.PutItemAsync(numeric, Item(("id", N("15E-1")), ("sk", B(1, 2)), ("v", S("second"))));
        var got = await GetAsync(client, numeric, Item(("id", N("1.5")), ("sk", B(1, 2))));
        Assert.Equal("{id: N(1.5), sk: B(AQI=), v: S(second)}", Show(got));
        Assert.Null(await GetAsync(client, numeric, Item(("id", N("1.5")), ("sk", B(1, 2, 0)))));
        Assert.Equal(1, (await client.DescribeTableAsync(numeric)).Table.ItemCount);
    }

    [Fact]
    public async Task PutItem_replaces_the_whole_item_and_DeleteItem_removes_it()
    {
        var client = fixture.Client();
        var table = await NumberTableAsync(client);
        var key = Item(("pk", S("replace")));
        await client.PutItemAsync(table, Item(("pk", S("replace")), ("a", N("1")), ("b", N("2"))));
        await client.PutItemAsync(table, Item(("pk", S("replace")), ("c", N("3"))));
        Assert.Equal("{c: N(3), pk: S(replace)}", await ShowAsync(client, table, key));

        var deleted = await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = key });
        Assert.Null(deleted.Attributes);
        Assert.Null(await GetAsync(client, table, key));
        // Deleting an absent item succeeds and changes nothing.
        await client.DeleteItemAsync(new DeleteItemRequest { TableName = table, Key = key });
        Assert.Null(await GetAsync(client, table, key));
    }

    [Fact]
    public async Task The_table_name_may_be_given_as_an_ARN()
    {
        var client = fixture.Client();
        var table = await NumberTableAsync(client);
        var arn = (await client.DescribeTableAsync(table)).Table.TableArn;
        await client.PutItemAsync(arn, Item(("pk", S("arn")), ("v", S("via arn"))));
        Assert.Equal("{pk: S(arn), v: S(via arn)}", await ShowAsync(client, table, Item(("pk", S("arn")))));
    }

    // xUnit makes one instance per test but one fixture (one host) per class, so the shared table is static.
    static string? _numberTable;
    static readonly SemaphoreSlim _gate = new(1, 1);

    static async Task<string> NumberTableAsync(IAmazonDynamoDB client)
    {
        await _gate.WaitAsync();
        try
        {
            if (_numberTable is null)
            {
                var name = UniqueName("numbers");
                await ServerFixture.CreateTableAsync(client, name);
                _numberTable = name;
            }
            return _numberTable;
        }
        finally { _gate.Release(); }
    }
}
