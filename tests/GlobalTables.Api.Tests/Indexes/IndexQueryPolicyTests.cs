using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using GlobalTables.Api.Tests.Auth;

namespace GlobalTables.Api.Tests.Indexes;

/// <summary>
/// IAM on a secondary index, on the strict-auth host: the principal "indexer" may Query
/// <c>arn:aws:dynamodb:*:*:table/Indexed/index/ByTitle</c> and nothing else, so the index is a resource of its own,
/// apart from its table and from the table's other indexes.
/// </summary>
[Collection(StrictAuthCollection.Name)]
public sealed class IndexQueryPolicyTests(StrictAuthHost host)
{
    static QueryRequest ByTitle(string? index) => new()
    {
        TableName = "Indexed", IndexName = index,
        KeyConditionExpression = index == "ByYear" ? "#y = :v" : index is null ? "pk = :v" : "title = :v",
        ExpressionAttributeNames = index == "ByYear" ? new() { ["#y"] = "year" } : null,
        ExpressionAttributeValues = new() { [":v"] = index == "ByYear" ? new AttributeValue { N = "1999" } : new AttributeValue(index is null ? "p1" : "one") },
    };

    [Fact]
    public async Task A_policy_on_one_index_allows_querying_it_and_denies_the_table_and_the_other_index()
    {
        var admin = host.Client("admin");
        await admin.CreateTableAsync(new CreateTableRequest
        {
            TableName = "Indexed", BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S), new("title", ScalarAttributeType.S), new("year", ScalarAttributeType.N)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
            GlobalSecondaryIndexes =
            [
                new() { IndexName = "ByTitle", KeySchema = [new("title", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } },
                new() { IndexName = "ByYear", KeySchema = [new("year", KeyType.HASH)], Projection = new() { ProjectionType = ProjectionType.ALL } },
            ],
        });
        await ServerFixture.WaitForStatusAsync(admin, "Indexed", TableStatus.ACTIVE);
        await admin.PutItemAsync("Indexed", new() { ["pk"] = new("p1"), ["sk"] = new("s1"), ["title"] = new("one"), ["year"] = new() { N = "1999" } });

        var indexer = host.Client("indexer");
        var allowed = await indexer.QueryAsync(ByTitle("ByTitle"));
        Assert.Equal("p1", Assert.Single(allowed.Items)["pk"].S);

        var tableArn = host.TableArn("Indexed");
        foreach (var (index, resource) in new[] { ((string?)null, tableArn), ("ByYear", tableArn + "/index/ByYear") })
        {
            var denied = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => indexer.QueryAsync(ByTitle(index)));
            Assert.Equal("AccessDeniedException", denied.ErrorCode);
            Assert.Equal($"User: {TestIam.ArnOf("indexer")} is not authorized to perform: dynamodb:Query on resource: {resource} because no identity-based policy allows the dynamodb:Query action",
                denied.Message);
        }
    }
}
