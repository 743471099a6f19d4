using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace GlobalTables.Api.Tests.Hosting;

public sealed class FrontDoorFixture : IAsyncLifetime
{
    public ServerFixture Inner { get; } = new() { Regions = ["us-east-1", "eu-west-2"] };
    public Task InitializeAsync() => Inner.InitializeAsync();
    public Task DisposeAsync() => Inner.DisposeAsync();
}

public sealed class FrontDoorTests(FrontDoorFixture fixture) : IClassFixture<FrontDoorFixture>
{
    [Fact]
    public async Task The_front_door_routes_each_request_to_the_region_in_its_signature_scope()
    {
        var server = fixture.Inner;
        var viaDoorEast = server.FrontDoorClient("us-east-1");
        var viaDoorWest = server.FrontDoorClient("eu-west-2");
        await ServerFixture.CreateTableAsync(viaDoorWest, "OnlyInLondon");

        var west = await server.Client("eu-west-2").ListTablesAsync(new ListTablesRequest());
        var east = await server.Client("us-east-1").ListTablesAsync(new ListTablesRequest());
        Assert.Contains("OnlyInLondon", west.TableNames);
        Assert.DoesNotContain("OnlyInLondon", east.TableNames ?? []);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => viaDoorEast.DescribeTableAsync("OnlyInLondon"));
        var described = await viaDoorWest.DescribeTableAsync("OnlyInLondon");
        Assert.Equal("arn:aws:dynamodb:eu-west-2:000000000000:table/OnlyInLondon", described.Table.TableArn);
    }

    [Fact]
    public async Task A_region_the_front_door_does_not_serve_is_refused()
    {
        var client = fixture.Inner.FrontDoorClient("mars-north-1");
        var e = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ListTablesAsync(new ListTablesRequest()));
        Assert.Equal("UnrecognizedClientException", e.ErrorCode);
    }
}
