using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Items;

namespace GlobalTables.Api.Tests.Tags;

/// <summary>TagResource, UntagResource, ListTagsOfResource and CreateTable's Tags through the SDK, with DynamoDB's limits and messages.</summary>
public sealed class TagTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    static string Arn(string table) => $"arn:aws:dynamodb:us-east-1:000000000000:table/{table}";

    async Task<string> TableAsync(List<Tag>? tags = null)
    {
        var client = fixture.Client();
        var table = Av.UniqueName("tagged");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = table, BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
            Tags = tags,
        });
        return table;
    }

    async Task<string> TagsOfAsync(string table) =>
        string.Join(", ", (await fixture.Client().ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = Arn(table) })).Tags?
            .Select(t => $"{t.Key}={t.Value}") ?? []);

    static List<Tag> Tags(params string[] pairs) => pairs.Select(p => p.Split('=', 2)).Select(kv => new Tag { Key = kv[0], Value = kv[1] }).ToList();

    [Fact]
    public async Task Tags_set_at_create_are_listed_in_key_order_and_TagResource_adds_and_replaces_while_UntagResource_removes()
    {
        var table = await TableAsync(Tags("team=search", "env=prod"));
        var arn = (await fixture.Client().DescribeTableAsync(table)).Table.TableArn;
        Assert.Equal(Arn(table), arn);
        Assert.Equal("env=prod, team=search", await TagsOfAsync(table));

        await fixture.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = Tags("env=staging", "cost-centre=42", "ключ=café: a+b-c=d.e_f/g@h") });
        Assert.Equal("cost-centre=42, env=staging, team=search, ключ=café: a+b-c=d.e_f/g@h", await TagsOfAsync(table));

        await fixture.Client().UntagResourceAsync(new UntagResourceRequest { ResourceArn = arn, TagKeys = ["team", "no-such-key"] });
        Assert.Equal("cost-centre=42, env=staging, ключ=café: a+b-c=d.e_f/g@h", await TagsOfAsync(table));

        // An empty value is a value.
        await fixture.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = [new Tag { Key = "empty", Value = "" }] });
        Assert.Contains("empty=,", await TagsOfAsync(table));
    }

    public static TheoryData<string, string> BadTags => new()
    {
        { new string('k', 129) + "=v", "The Tag Key provided is invalid, Key: " + new string('k', 129) },
        { "k=" + new string('v', 257), "The Tag Value provided is invalid, Value: " + new string('v', 257) },
        { "=v", "The Tag Key provided is invalid, Key: " },
        { "aws:owner=me", "Tag Key cannot be prefixed with aws:, Key: aws:owner" },
        { "a#b=v", "The Tag Key provided is invalid, Key: a#b" },
        { "k=100%", "The Tag Value provided is invalid, Value: 100%" },
        { "k=🔑", "The Tag Value provided is invalid, Value: 🔑" },
        { "dup=1;dup=2", "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup" },
    };

    [Theory]
    [MemberData(nameof(BadTags))]
    public async Task A_bad_tag_is_a_ValidationException_and_no_tag_of_the_request_is_applied(string pairs, string message)
    {
        var table = await TableAsync(Tags("keep=me"));
        var tags = Tags(["good=one", .. pairs.Split(';')]);

        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => fixture.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = Arn(table), Tags = tags }));

        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal(message, e.Message);
        Assert.Equal("keep=me", await TagsOfAsync(table));

        // CreateTable with the same tags creates nothing.
        var name = Av.UniqueName("untagged");
        var create = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => fixture.Client().CreateTableAsync(new CreateTableRequest
        {
            TableName = name, BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)], KeySchema = [new KeySchemaElement("pk", KeyType.HASH)], Tags = tags,
        }));
        Assert.Equal(message, create.Message);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => fixture.Client().DescribeTableAsync(name));
    }

    [Fact]
    public async Task Fifty_tags_is_the_limit_counted_after_the_merge()
    {
        var fifty = Enumerable.Range(1, 50).Select(i => $"k{i:00}=v{i}").ToArray();
        var table = await TableAsync(Tags(fifty));
        const string TooMany = "Number of Tags exceed the current limit for the provided ResourceArn";

        var one = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => fixture.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = Arn(table), Tags = Tags("k51=new") }));
        Assert.Equal(("ValidationException", TooMany), (one.ErrorCode, one.Message));
        // Replacing existing ones stays within it.
        await fixture.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = Arn(table), Tags = Tags("k01=changed") });
        var list = await fixture.Client().ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = Arn(table) });
        Assert.Equal(50, list.Tags.Count);
        Assert.Null(list.NextToken);
        Assert.Equal("changed", list.Tags.Single(t => t.Key == "k01").Value);

        var create = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => TableAsync(Tags([.. fifty, "k51=v"])));
        Assert.Equal(TooMany, create.Message);
        var untag = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => fixture.Client().UntagResourceAsync(new UntagResourceRequest
        {
            ResourceArn = Arn(table), TagKeys = Enumerable.Range(1, 51).Select(i => $"k{i:00}").ToList(),
        }));
        Assert.Equal(TooMany, untag.Message);
        Assert.Equal(50, (await fixture.Client().ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = Arn(table) })).Tags.Count);
    }

    [Fact]
    public async Task ARNs_that_are_malformed_or_name_no_table_here_get_DynamoDBs_errors()
    {
        var client = fixture.Client();
        var table = await TableAsync();
        var missing = Arn("no-such-table");
        var elsewhere = $"arn:aws:dynamodb:eu-west-2:000000000000:table/{table}";

        var bad = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = "a:b:c:d:e:f/g" }));
        Assert.Equal(("ValidationException", "Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g"), (bad.ErrorCode, bad.Message));
        var shortName = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.TagResourceAsync(new TagResourceRequest { ResourceArn = Arn("ab"), Tags = Tags("a=b") }));
        Assert.Equal($"Invalid TableArn: Invalid ResourceArn provided as input {Arn("ab")}", shortName.Message);

        var notFound = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.TagResourceAsync(new TagResourceRequest { ResourceArn = missing, Tags = Tags("a=b") }));
        Assert.Equal($"Requested resource not found: ResourcArn: {missing} not found", notFound.Message);
        var otherRegion = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = elsewhere }));
        Assert.Equal($"Requested resource not found: ResourcArn: {elsewhere} not found", otherRegion.Message);
        var untag = await Assert.ThrowsAsync<ResourceNotFoundException>(() => client.UntagResourceAsync(new UntagResourceRequest { ResourceArn = missing, TagKeys = ["a"] }));
        Assert.Equal("Requested resource not found", untag.Message);

        // Tags are checked before the table is looked for.
        var emptyTags = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.TagResourceAsync(new TagResourceRequest { ResourceArn = missing, Tags = [] }));
        Assert.Equal("Atleast one Tag needs to be provided as Input.", emptyTags.Message);
        var emptyKeys = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UntagResourceAsync(new UntagResourceRequest { ResourceArn = Arn(table), TagKeys = [] }));
        Assert.Equal("Atleast one Tag Key needs to be provided as Input.", emptyKeys.Message);
        var emptyKey = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.UntagResourceAsync(new UntagResourceRequest { ResourceArn = Arn(table), TagKeys = [""] }));
        Assert.Equal("The Tag Key provided is invalid, Key: ", emptyKey.Message);
    }
}

/// <summary>ListTagsOfResource's pages, on a region whose page is 3 tags; and tags kept across a restart.</summary>
public sealed class TagPagingTests : IAsyncLifetime
{
    readonly ServerFixture _fixture = new() { ConfigOverrides = "globaltables.list-tags-page-size = 3" };

    public Task InitializeAsync() => _fixture.InitializeAsync();
    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task NextToken_walks_the_tags_in_pages_and_tags_survive_a_restart()
    {
        var table = Av.UniqueName("paged");
        var arn = $"arn:aws:dynamodb:us-east-1:000000000000:table/{table}";
        await ServerFixture.CreateTableAsync(_fixture.Client(), table);
        var tags = Enumerable.Range(1, 7).Select(i => new Tag { Key = $"key{i}", Value = $"value{i}" }).ToList();
        await _fixture.Client().TagResourceAsync(new TagResourceRequest { ResourceArn = arn, Tags = tags });

        async Task<List<(int Count, string? Token)>> PagesAsync(IAmazonDynamoDB client, List<string> seen)
        {
            var pages = new List<(int, string?)>();
            string? token = null;
            do
            {
                var page = await client.ListTagsOfResourceAsync(new ListTagsOfResourceRequest { ResourceArn = arn, NextToken = token });
                seen.AddRange(page.Tags.Select(t => $"{t.Key}={t.Value}"));
                token = page.NextToken;
                pages.Add((page.Tags.Count, token));
            } while (token is not null);
            return pages;
        }

        var before = new List<string>();
        Assert.Equal([(3, "key3"), (3, "key6"), (1, null)], await PagesAsync(_fixture.Client(), before));
        Assert.Equal(tags.Select(t => $"{t.Key}={t.Value}"), before);

        await _fixture.RestartAsync();
        var after = new List<string>();
        await PagesAsync(_fixture.Client(), after);
        Assert.Equal(before, after);
    }
}
