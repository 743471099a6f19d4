using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Hosting;

public sealed class RestartTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Tables_items_and_deletes_survive_a_full_restart_on_the_same_data_folder()
    {
        var client = fixture.Client();
        await ServerFixture.CreateTableAsync(client, "Durable", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N);
        var writes = Enumerable.Range(0, 300).Select(i => client.PutItemAsync("Durable", new()
        {
            ["pk"] = new AttributeValue($"user-{i % 7}"),
            ["sk"] = new AttributeValue { N = i.ToString() },
            ["payload"] = new AttributeValue { M = new() { ["n"] = new AttributeValue { N = (i * 3).ToString() }, ["tags"] = new AttributeValue { SS = ["a", $"t{i}"] } } },
        }));
        await Task.WhenAll(writes);
        await client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = "Durable",
            Key = new() { ["pk"] = new AttributeValue("user-1"), ["sk"] = new AttributeValue { N = "1" } },
            UpdateExpression = "SET visits = if_not_exists(visits, :zero) + :one",
            ExpressionAttributeValues = new() { [":zero"] = new AttributeValue { N = "0" }, [":one"] = new AttributeValue { N = "41" } },
        });
        await client.DeleteItemAsync("Durable", new() { ["pk"] = new AttributeValue("user-2"), ["sk"] = new AttributeValue { N = "2" } });
        var before = await client.DescribeTableAsync("Durable");

        await fixture.RestartAsync();
        client = fixture.Client();

        var after = await client.DescribeTableAsync("Durable");
        Assert.Equal(TableStatus.ACTIVE, after.Table.TableStatus);
        Assert.Equal(before.Table.TableId, after.Table.TableId);
        Assert.Equal(299, after.Table.ItemCount);
        Assert.Equal(before.Table.TableSizeBytes, after.Table.TableSizeBytes);

        var item = await client.GetItemAsync("Durable", new() { ["pk"] = new AttributeValue("user-5"), ["sk"] = new AttributeValue { N = "250" } });
        Assert.Equal("750", item.Item["payload"].M["n"].N);
        Assert.Equal(["a", "t250"], item.Item["payload"].M["tags"].SS.Order());
        var counted = await client.GetItemAsync("Durable", new() { ["pk"] = new AttributeValue("user-1"), ["sk"] = new AttributeValue { N = "1" } });
        Assert.Equal("41", counted.Item["visits"].N);
        var deleted = await client.GetItemAsync("Durable", new() { ["pk"] = new AttributeValue("user-2"), ["sk"] = new AttributeValue { N = "2" } });
        Assert.False(deleted.IsItemSet);

        // The clock resumes above every recovered version, so a new write still lands.
        await client.PutItemAsync("Durable", new() { ["pk"] = new AttributeValue("user-2"), ["sk"] = new AttributeValue { N = "2" }, ["back"] = new AttributeValue { BOOL = true } });
        var back = await client.GetItemAsync("Durable", new() { ["pk"] = new AttributeValue("user-2"), ["sk"] = new AttributeValue { N = "2" } }, consistentRead: true);
        Assert.True(back.Item["back"].BOOL);
    }
}
